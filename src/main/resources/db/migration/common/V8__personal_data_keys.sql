-- The encryption keys for the personal data in events (crypto-shredding), kept apart from the
-- event store: deleting a customer's keys ("forget me") leaves their events unreadable where they
-- hold personal data, and intact everywhere else. A customer has one key at a time; a key, once
-- deleted, is never made again (a sealed value names its key, not its customer).
create table personal_data_key (
    key_id     varchar(36)              not null primary key,
    subject    varchar(100)             not null unique,
    secret     varchar(64)              not null,
    created_at timestamp with time zone not null
);
