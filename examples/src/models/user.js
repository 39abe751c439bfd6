// Mongoose model of a tenant account.
const mongoose = require('mongoose');

const tenantSchema = new mongoose.Schema({
  email: { type: String, required: true, unique: true, minlength: 5 },
  displayName: { type: String, minlength: 2, maxlength: 40 },
  password: { type: String, required: true, minlength: 6 },
  // Safe: a card PIN's length is not an account password policy.
  parkingBadgePin: { type: String, minlength: 4 },
});

module.exports = mongoose.model('Tenant', tenantSchema);
