-- link-to-run may name a trace whose (asynchronous) export has not arrived yet: keep the link
-- without a foreign key to traces; delete-traces removes the links of the traces it deletes.

-- DropForeignKey
ALTER TABLE "trace_run_links" DROP CONSTRAINT "trace_run_links_trace_id_fkey";
