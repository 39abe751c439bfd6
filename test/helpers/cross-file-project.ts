// A small Express project whose findings depend on other files: documents.js is mounted behind
// authentication in app.js (so it needs an ownership check, not authentication), invoices.js is
// mounted without; plus single-file findings and clean files.
function router(model: string, path: string, serve: string): string {
  return `const express = require('express');
const { ${model} } = require('../models');
const router = express.Router();
router.get('${path}', async (req, res) => {
  const item = await ${model}.findById(req.params.id);
  ${serve};
});
module.exports = router;
`;
}

export const CROSS_FILE_PROJECT: Record<string, string> = {
  'src/app.js': `const express = require('express');
const { ensureAuthenticated } = require('./middleware/auth');
const app = express();
app.use('/documents', ensureAuthenticated, require('./routes/documents'));
app.use('/invoices', require('./routes/invoices'));
module.exports = app;
`,
  'src/routes/documents.js': router('Document', '/:id/download', 'res.download(item.storagePath)'),
  'src/routes/invoices.js': router('Invoice', '/:id/pdf', 'res.sendFile(item.pdfPath)'),
  'src/middleware/auth.js': 'exports.ensureAuthenticated = (req, res, next) => (req.user ? next() : res.sendStatus(401));\n',
  'src/models.js': 'exports.Document = {};\nexports.Invoice = {};\n',
  'src/signup.ts': "export const signup = z.object({ password: z.string().min(6) });\n",
  'src/hash.js': "export const hashPassword = (password) => crypto.createHash('md5').update(password).digest('hex');\n",
  'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
};
