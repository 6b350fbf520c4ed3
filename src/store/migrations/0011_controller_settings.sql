-- L3: each controller's archiving mode (real time, or in batches at a set time of day, Finnish
-- time) and whether entries are approved automatically in its system. V10's display start dates
-- are in portal_display_start (0008).
create table controller_setting (
  controller_oid  text primary key references organisation (oid),
  archiving_mode  text not null default 'real-time' check (archiving_mode in ('real-time', 'batch')),
  batch_time      time,
  auto_approval   boolean not null default true,
  updated_at      timestamptz not null default now(),
  check ((archiving_mode = 'batch') = (batch_time is not null))
);
