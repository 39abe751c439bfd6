# Terraform: the same user pool, managed from the infrastructure repository.
resource "aws_cognito_user_pool" "tenants" {
  name = "tenants"

  password_policy {
    minimum_length    = 6
    require_lowercase = true
    require_numbers   = true
    require_symbols   = false
    require_uppercase = false
  }
}

# Safe: the AWS console accounts of the operations team.
resource "aws_iam_account_password_policy" "operators" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
}
