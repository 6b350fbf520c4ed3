-- S10 retention destroys documents and then the blobs no other document uses. Deleting a blob
-- runs the foreign key's check on document.content_sha256, and deciding whether a blob is still
-- used asks the same: without this index each of them reads the whole document table.
create index document_content_sha256 on document (content_sha256);
