-- Issue 10, administration pages: the national operator's own organisation. Its staff log in to
-- the administration pages with the operator role (registering organisations and trusting
-- professional-card CAs), so they must be registered professionals, and a professional works in
-- a registered organisation. The operator is neither a controller nor a unit: it holds no
-- register, no client data system is registered with it, and it has no parent.
-- (docs/decisions/0022-administration-roles-and-the-operator-organisation.md)
alter table organisation drop constraint organisation_kind_check;
alter table organisation add constraint organisation_kind_check check (kind in ('welfare-area', 'municipality', 'private-provider', 'unit', 'operator'));
