-- A transaction hash is hex: 0xAB.. and 0xab.. are the same transfer. Store it lower-case only, so the unique
-- constraint loan_tx_hash_key (V3) holds whatever case a caller used. Rows stored before in mixed case are
-- lowered first; if two loans were funded by one transfer written in two cases, stop with a clear message
-- instead of guessing which loan keeps it.
DO $$
DECLARE
    duplicate TEXT;
BEGIN
    SELECT lower(tx_hash) INTO duplicate FROM loan WHERE tx_hash IS NOT NULL
        GROUP BY lower(tx_hash) HAVING count(*) > 1 LIMIT 1;
    IF duplicate IS NOT NULL THEN
        RAISE EXCEPTION 'txHash % funded more than one loan (in different letter cases); resolve it by hand '
            'before this migration (V4) can make tx_hash unique whatever the case', duplicate;
    END IF;
END $$;

UPDATE loan SET tx_hash = lower(tx_hash) WHERE tx_hash <> lower(tx_hash);
ALTER TABLE loan ADD CONSTRAINT loan_tx_hash_format CHECK (tx_hash ~ '^0x[0-9a-f]{64}$');
