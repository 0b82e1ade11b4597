//! Least-privilege IAM policies for the people who run dsadmin: the table
//! of every AWS call it makes ([`actions`]) and the policy documents built
//! from it ([`document`]). Read-only mode refuses changes inside dsadmin;
//! the support policy refuses them everywhere else too.

pub mod actions;
pub mod document;
