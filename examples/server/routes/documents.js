// Tenants' documents (lease, ID card, payslips). app.js mounts this router behind ensureAuthenticated.
const express = require('express');
const { Document } = require('../models');

const router = express.Router();

// Nexpublica: any logged-in tenant opens any other tenant's document by changing the id.
router.get('/:id/download', async (req, res) => {
  const doc = await Document.findById(req.params.id);
  if (!doc) return res.sendStatus(404);
  res.download(doc.storagePath, doc.originalName);
});

// Safe: the lookup is scoped to the requester.
router.get('/:id', async (req, res) => {
  const doc = await Document.findOne({ _id: req.params.id, tenantId: req.user.tenantId });
  if (!doc) return res.sendStatus(404);
  res.download(doc.storagePath, doc.originalName);
});

// Safe: a fixed file chosen by the server.
router.get('/templates/lease', (req, res) => {
  res.download('templates/lease-template.pdf');
});

module.exports = router;
