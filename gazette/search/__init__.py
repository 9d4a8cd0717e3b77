"""The search index: one record per document and language, Pagefind shards, the 文号 and title tables."""
