// Rent invoices. Mounted WITHOUT authentication in app.js.
const express = require('express');
const path = require('path');

const router = express.Router();

// Optical Center / Sergic: invoices reachable by changing the number in the URL.
router.get('/:number.pdf', (req, res) => {
  res.sendFile(path.join(__dirname, '..', 'storage', 'invoices', `${req.params.number}.pdf`));
});

module.exports = router;
