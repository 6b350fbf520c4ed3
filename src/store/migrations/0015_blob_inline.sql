-- L4, and every store: a document's bytes stay in the blob row itself up to about 8 KB
-- (toast_tuple_target, PostgreSQL's largest), instead of being tried for compression and moved
-- to the TOAST table from about 2 KB. A 2 KB document then costs one heap tuple and one index
-- entry rather than a heap tuple, two TOAST chunks and their two index entries: about a third of
-- the server's CPU per blob in the legacy import (docs/benchmarks.md), and reading it back is one
-- page. Larger contents are compressed and moved out of line as before. Rows stored earlier keep
-- their layout; no rewrite.
alter table blob set (toast_tuple_target = 8160);
