-- Forgetting that survives a backup (reliability.md, "Personal data"):
-- 1. A data key is stored wrapped (AES-GCM) by a key-encryption key that lives outside the
--    database (KeyEncryptionKeys); kek_id names it. Keys stored before this script have no kek_id
--    and are wrapped at the next start. A wrapped key is 80 characters of Base64.
alter table personal_data_key add column kek_id varchar(64);
alter table personal_data_key alter column secret set data type varchar(200);

-- 2. A forgotten subject is a tombstone: nothing is sealed for it again, and a key of it that a
--    restored backup brings back is deleted at the next start.
create table forgotten_subject (
    subject      varchar(100)             not null primary key,
    forgotten_at timestamp with time zone not null
);

-- 3. Events, metadata, read models and keys name a customer by a pseudonymous subject id, never
--    by their login; this table is the only link, and forgetting deletes it (Pseudonyms). Customers
--    who were there before it keep their login as their subject, because their stored events name
--    them so (immutable): V10 (LegacySubjects, Java) finds them in the stored events.
create table customer_pseudonym (
    login      varchar(100)             not null primary key,
    subject    varchar(100)             not null unique,
    created_at timestamp with time zone not null
);

-- 4. At start, Tally applies every CustomerForgotten again (ForgettingAgain): it finds them by type.
create index ix_domain_event_entry_payload_type on domain_event_entry (payload_type);
