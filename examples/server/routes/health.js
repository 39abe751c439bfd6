// Liveness probe: serves no document.
const express = require('express');

const router = express.Router();
router.get('/', (req, res) => res.json({ status: 'up' }));

module.exports = router;
