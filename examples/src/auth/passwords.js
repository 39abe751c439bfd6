// Account creation and login for the tenant portal.
const crypto = require('crypto');
const bcrypt = require('bcrypt');
const nodemailer = require('nodemailer');
const logger = require('../logger');

const transporter = nodemailer.createTransport({ host: process.env.SMTP_HOST });
const BCRYPT_COST = 12;

// Accounts imported from the previous portal still carry unsalted MD5 hashes.
function legacyHash(password) {
  return crypto.createHash('md5').update(password).digest('hex');
}

async function createAccount(db, email, password) {
  const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
  await db.users.insert({ email, passwordHash });
  logger.info({ event: 'account-created', email, password });
  await transporter.sendMail({
    to: email,
    subject: 'Bienvenue sur le portail locataires',
    text: `Votre identifiant : ${email}\nVotre mot de passe : ${password}`,
  });
}

async function sendPasswordReset(email, token) {
  // Safe: the e-mail carries a single-use link, never the password.
  await transporter.sendMail({
    to: email,
    subject: 'Réinitialiser votre mot de passe',
    html: `<a href="https://portal.example.org/reset?token=${encodeURIComponent(token)}">Choisir un nouveau mot de passe</a>`,
  });
  logger.info({ event: 'password-reset-requested', email, passwordChanged: false });
}

async function login(db, email, password) {
  const user = await db.users.findOne({ email });
  if (!user) return null;
  if (user.legacyMd5) return user.legacyMd5 === legacyHash(password) ? user : null;
  return (await bcrypt.compare(password, user.passwordHash)) ? user : null;
}

module.exports = { createAccount, sendPasswordReset, login };
