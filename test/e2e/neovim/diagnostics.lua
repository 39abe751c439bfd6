-- Neovim (0.7+) as a non-VS Code LSP client: attaches dist/server.js --stdio to the buffer given on
-- the command line, waits for Precedent's diagnostics, prints each with its rule code and
-- codeDescription link, and exits 0 only when at least one arrived with a link.
-- nvim --headless --clean -c 'luafile test/e2e/neovim/diagnostics.lua' <file>   (PRECEDENT_SERVER, PRECEDENT_ROOT)
local server = os.getenv('PRECEDENT_SERVER')
local root = os.getenv('PRECEDENT_ROOT')
local buf = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'precedent',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'examples' } },
})
if not client_id then
  io.stdout:write('could not start the Precedent server\n')
  vim.cmd('cquit 1')
end
vim.lsp.buf_attach_client(buf, client_id)

local arrived = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 100)

local linked = 0
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  local href = (lsp.codeDescription or {}).href or ''
  if href ~= '' then linked = linked + 1 end
  io.stdout:write(string.format('%d:%d %s [%s] %s\n', d.lnum + 1, d.col + 1, d.source or '', lsp.code or '', href))
end
io.stdout:flush()
vim.lsp.stop_client(client_id)
if arrived and linked > 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
