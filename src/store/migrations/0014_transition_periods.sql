-- V10, issue 10: a controller's named transition periods, during which a category of its
-- documents is not shown in the portal (for example while it changes client data systems, or
-- while its client journal entries are checked before they are shown). Days are Finnish calendar
-- days, both ends included. category is a V4 category, or 'all' for every document of the controller.
create table portal_transition_period (
  controller_oid  text not null references organisation (oid),
  name            text not null check (length(name) between 1 and 100),
  category        text not null check (category in ('all', 'client-journal-entry', 'shared-matter', 'client-relationship', 'parenthood-investigation', 'adoption-counselling')),
  hidden_from     date not null,
  hidden_until    date not null,
  check (hidden_from <= hidden_until),
  primary key (controller_oid, name)
);
