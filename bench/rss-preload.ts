// Preloaded (`node -r`) into every measured child process: reports its peak RSS on exit, worker
// threads included, so the bench measures the real CLI rather than a re-creation of it.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
