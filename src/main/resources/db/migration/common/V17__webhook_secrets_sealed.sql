-- A webhook's signing secret is stored sealed with its owner's data key (pii:v1:<key id>:<Base64>),
-- longer than the plain secret. Secrets stored plain before this read as they are, and are sealed
-- when a node starts (WebhookRegistry.sealPlainSecrets).
alter table webhook alter column secret set data type varchar(400);
