const express = require('express');

const MIN_PASSWORD_LENGTH = 4;
const router = express.Router();

router.post('/account/password', (req, res) => {
  const { password } = req.body;
  if (!password || password.length < MIN_PASSWORD_LENGTH) {
    return res.status(400).json({ error: 'Password too short' });
  }
  // ... update the user's password hash
  return res.sendStatus(204);
});

module.exports = router;
