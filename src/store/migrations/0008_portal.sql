-- The citizen portal: server-side web sessions, and the controllers' display start dates (V10).

-- A web session: the id lives only in the browser's cookie (signed); the data never leaves the
-- server. expires_at is the end of the inactivity window, moved forward as the person uses the
-- portal; an expired row is never read back and is purged.
create table web_session (
  session_id  text primary key,
  data        jsonb not null,
  expires_at  timestamptz not null
);
create index web_session_expires on web_session (expires_at);

-- V10: the date from which a controller's documents are shown in the portal (service_task '' for
-- the controller as a whole), and a start date per service task. A controller without a row
-- uses the deployment's default (KANSIO_PORTAL_START).
create table portal_display_start (
  controller_oid  text not null references organisation (oid),
  service_task    text not null default '',
  shown_from      date not null,
  primary key (controller_oid, service_task)
);
