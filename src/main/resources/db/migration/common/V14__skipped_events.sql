-- Events a processor passed while they were not yet committed and so never handled (Axon gives a gap
-- up after its gap timeout; issue 21). Written by the skipped-event detector of any node, once per
-- processor and event (the key), and read by every node's health and metrics: one view of the cluster.
create table skipped_event (
    processor_name varchar(255)             not null,
    global_index   bigint                   not null,
    aggregate_id   varchar(255),
    payload_type   varchar(255)             not null,
    detected_at    timestamp with time zone not null,
    detected_by    varchar(255)             not null,
    primary key (processor_name, global_index)
);
