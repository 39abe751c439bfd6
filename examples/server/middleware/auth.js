// Session-based authentication for the API.
function ensureAuthenticated(req, res, next) {
  if (req.isAuthenticated && req.isAuthenticated()) return next();
  return res.sendStatus(401);
}

module.exports = { ensureAuthenticated };
