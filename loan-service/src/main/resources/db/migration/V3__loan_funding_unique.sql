-- One NFT notes one loan, and one transfer funds one loan: a second loan funded with either would be orphaned
-- (the marketplace dead-letters its note). Both columns are NULL until funding; UNIQUE allows many NULLs.
-- LoanService maps a violation of these constraint names to 409.
ALTER TABLE loan ADD CONSTRAINT loan_nft_id_key UNIQUE (nft_id);
ALTER TABLE loan ADD CONSTRAINT loan_tx_hash_key UNIQUE (tx_hash);
