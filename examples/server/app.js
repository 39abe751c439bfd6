// The tenant portal's API server. The documents router is mounted behind authentication here,
// so its routes are judged as authenticated (the finding there is about ownership, not login).
const express = require('express');
const multer = require('multer');
const path = require('path');
const { ensureAuthenticated } = require('./middleware/auth');
const documentsRouter = require('./routes/documents');
const invoicesRouter = require('./routes/invoices');
const healthRouter = require('./routes/health');

const app = express();
const upload = multer({ dest: path.join(__dirname, 'uploads') });

app.use(express.json());
app.use(express.static(path.join(__dirname, 'public')));
app.use('/health', healthRouter);

// Sergic: the folder that receives tenants' papers is served to anyone.
app.use('/uploads', express.static(path.join(__dirname, 'uploads')));

app.post('/api/uploads', ensureAuthenticated, upload.single('file'), (req, res) => res.status(201).json({ id: req.file.filename }));

app.use('/api/documents', ensureAuthenticated, documentsRouter);
// Mounted without authentication: every route of this router is public.
app.use('/api/invoices', invoicesRouter);

module.exports = app;
