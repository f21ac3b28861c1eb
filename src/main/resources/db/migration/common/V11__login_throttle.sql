-- The failed-login buckets of LoginThrottle on PostgreSQL, shared by every node (Bucket4j's
-- select-for-update proxy manager; its default column names). The id is a hash of the user name
-- and the client address, so the table names nobody; expires_at lets expired buckets be removed.
-- On the embedded H2 database (one node) the buckets stay in memory and this table is empty.
create table login_throttle_bucket (
    id         varchar(64) not null primary key,
    state      ${binary},
    expires_at bigint
);
