-- Password hints are stored sealed (HintCipher: a wrapped data key and the ciphertext), longer than the hint.
ALTER TABLE portal_account ALTER COLUMN hint SET DATA TYPE VARCHAR(2000);
