-- Only in benchmark runs (TallyBench adds this location): the state-based baseline, one balance
-- row per account updated in place by Spring Data JPA.
create table bench_balance (
    id      varchar(36)    not null primary key,
    balance numeric(22, 4) not null,
    version bigint         not null
);
