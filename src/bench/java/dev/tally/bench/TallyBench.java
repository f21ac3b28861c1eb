package dev.tally.bench;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import dev.tally.account.Account;
import dev.tally.account.api.DepositMoney;
import dev.tally.account.api.OpenAccount;
import dev.tally.ops.Processors;
import dev.tally.privacy.Pseudonyms;
import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.money.Money;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.support.ApiRequests;
import dev.tally.support.EmbeddedPostgresDatabases;
import dev.tally.support.StandaloneApp;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tally's benchmarks: a measured-loop harness (warm-up, then a timed run per figure) that starts
 * the whole application in-process on a fresh database and prints every figure next to a
 * baseline measured in the same run on the same database, so ratios, not absolute numbers, are
 * what to read on a noisy machine. Nothing here asserts a time. See domain-docs/benchmarks.md.
 *
 * <p>Options (system properties): {@code bench.db} = h2 | postgres; {@code bench.seconds} per
 * measured figure (warm-up is a third of it); {@code bench.clients} for the in-process figures;
 * {@code bench.http-clients}; {@code bench.replay-events}; {@code bench.large-store} (events
 * already stored for figure 6); {@code bench.only} = comma-separated figure numbers.
 */
public final class TallyBench {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Money ONE = new Money(new BigDecimal("1.00"), EUR);
    private static final int MANY_ACCOUNTS = 200;

    private final String db = System.getProperty("bench.db", "h2");
    private final int seconds = Integer.getInteger("bench.seconds", 5);
    private final int[] clients = ints(System.getProperty("bench.clients", "1,8"));
    private final int[] httpClients = ints(System.getProperty("bench.http-clients", "1,8,32"));
    private final int replayEvents = Integer.getInteger("bench.replay-events", 100_000);
    private final int largeStore = Integer.getInteger("bench.large-store", 200_000);
    private final String only = System.getProperty("bench.only", "1,2,3,4,5,6");
    private final int warmUpSeconds = Integer.getInteger("bench.warm-up", 30);
    private final int payments = Integer.getInteger("bench.payments", 20_000);
    private final int paymentClients = Integer.getInteger("bench.payment-clients", 200);
    private final List<String[]> rows = new ArrayList<>();
    /** The same figures as numbers, for target/bench-results-<db>.json. */
    private final List<Map<String, Object>> figures = new ArrayList<>();

    private ConfigurableApplicationContext app;
    private CommandGateway gateway;
    private DataSource dataSource;
    private TransactionTemplate transactions;
    private byte[] openedPayload;
    private byte[] depositedPayload;
    private byte[] metaData;
    private String templateId;
    private String[] rowTypes; // type, payload_type of AccountOpened, of MoneyDeposited, revisions, time_stamp

    public static void main(String[] args) throws Exception {
        TallyBench bench = new TallyBench();
        int status = 1;
        try {
            bench.run();
            status = 0;
        } catch (Exception | Error failed) {
            failed.printStackTrace();
        } finally {
            if (bench.app != null) {
                bench.app.close();
            }
        }
        // exits also on failure: under exec:java, Axon's non-daemon threads would keep Maven waiting
        System.exit(status);
    }

    private void run() throws Exception {
        if (db.equals("postgres")) {
            System.setProperty("spring.profiles.active", "demo,postgres");
            // production settings unless -Dbench.durable=false: fsync and synchronous commit on
            System.setProperty(EmbeddedPostgresDatabases.DURABLE, System.getProperty("bench.durable", "true"));
        }
        long started = System.nanoTime();
        // the bench's own client threads count in the load average: the figure before it starts tells of other work
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> settings = new ArrayList<>(List.of("spring.flyway.locations=classpath:db/migration/common,"
                + "classpath:db/bench",
                "logging.level.root=warn", "logging.level.dev.tally.bench=info"));
        // e.g. -Dbench.app-settings=tally.accounts.cache-size=0;tally.security.remembered-logins=0
        String extra = System.getProperty("bench.app-settings", "");
        if (!extra.isBlank()) {
            settings.addAll(List.of(extra.split(";")));
        }
        app = new StandaloneApp(settings.toArray(String[]::new)).start();
        gateway = app.getBean(CommandGateway.class);
        dataSource = app.getBean(DataSource.class);
        transactions = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
        captureRowFormat();
        System.out.printf("Tally benchmarks on %s%s, %d s per figure (+ warm-up), clients %s, http clients %s, "
                + "app settings [%s]%n", db, durability(), seconds, Arrays.toString(clients),
                Arrays.toString(httpClients), extra);

        warmUp();
        if (only.contains("1") || only.contains("2") || only.contains("3")) {
            appendThroughput();
        }
        if (only.contains("3")) {
            restLatency();
        }
        if (only.contains("5")) {
            aggregateLoad();
        }
        if (only.contains("4")) {
            replay();
        }
        if (only.contains("6")) {
            largeStore();
        }
        if (only.contains("7")) {
            paymentLoad();
        }
        printTable();
        System.out.printf("total %.0f s; %d processors, load average before the run %.1f%n",
                (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors(), loadBefore);
    }

    // ---------------------------------------------------------------- warm-up

    /**
     * The JIT compiles the command path, the HTTP layer and the processors in the first tens of
     * seconds (the first figure came out up to ten times too slow without this): deposits in
     * process and over HTTP from eight clients, then the read models catch up.
     */
    private void warmUp() throws Exception {
        long until = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
        List<String> accounts = openAccounts(8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            String account = accounts.get(c);
            boolean overHttp = c % 2 == 0;
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < until) {
                    try {
                        if (overHttp) {
                            http.send(depositRequest(port, account), HttpResponse.BodyHandlers.ofString());
                        } else {
                            deposit(account);
                        }
                    } catch (Exception ignored) {
                        // a warm-up counts nothing
                    }
                }
            }, "bench-warm-up-" + c);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        awaitProcessorsCaughtUp(Duration.ofSeconds(120));
    }

    // ---------------------------------------------------------------- figures 1 and 2

    private final Map<Integer, Result> gatewayManyByClients = new HashMap<>();

    /** What the database says of its durability settings, for the header: figures mean little without it. */
    private String durability() {
        if (!db.equals("postgres")) {
            return "";
        }
        try (Connection connection = dataSource.getConnection();
             var statement = connection.createStatement()) {
            List<String> settings = new ArrayList<>();
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (var result = statement.executeQuery("show " + setting)) {
                    result.next();
                    settings.add(setting + "=" + result.getString(1));
                }
            }
            return " (" + String.join(", ", settings) + ")";
        } catch (SQLException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private void appendThroughput() throws Exception {
        List<String> many = openAccounts(MANY_ACCOUNTS);
        String hot = openAccounts(1).get(0);
        List<String> stateMany = stateRows(MANY_ACCOUNTS);
        String stateHot = stateRows(1).get(0);
        for (int n : clients) {
            // the raw rows are a baseline, not work for the read models: processors are stopped while
            // they are written and skip them afterwards, so they never compete with the figures below
            stopProcessors();
            Result rawOne = measure(n, client -> {
                String id = rawAggregate();
                AtomicLong seq = new AtomicLong(1);
                return () -> insertRows(id, seq, 1);
            });
            Result rawBatch = measure(n, client -> {
                String id = rawAggregate();
                AtomicLong seq = new AtomicLong(1);
                return () -> insertRows(id, seq, 100);
            });
            deleteRawRows();
            processorsToHead();
            Result esMany = measure(n, client -> {
                AtomicLong next = new AtomicLong(client);
                return () -> deposit(many.get((int) (next.getAndAdd(n) % many.size())));
            });
            Result esHot = measure(n, client -> () -> deposit(hot));
            Result stMany = measure(n, client -> {
                AtomicLong next = new AtomicLong(client);
                return () -> stateDeposit(stateMany.get((int) (next.getAndAdd(n) % stateMany.size())));
            });
            Result stHot = measure(n, client -> () -> stateDeposit(stateHot));
            gatewayManyByClients.put(n, esMany);
            String c = n + " client" + (n == 1 ? "" : "s");
            row("1", "append via command gateway, many accounts, " + c, esMany, esMany.perSecond(), "events/s",
                    "raw JDBC insert, 1 row/tx", rawOne.perSecond());
            // the figure: counted only while every processor keeps up (measured time + drain)
            row("1k", "append via command gateway, many accounts, read models kept up, " + c, esMany,
                    esMany.keptUpPerSecond(), "events/s", "raw JDBC insert, 1 row/tx", rawOne.perSecond());
            row("1", "append via command gateway, many accounts, " + c, esMany, esMany.perSecond(), "events/s",
                    "raw JDBC insert, 100 rows/tx", rawBatch.perSecond() * 100);
            row("1", "append via command gateway, one hot account, " + c, esHot, esHot.perSecond(), "events/s",
                    "raw JDBC insert, 1 row/tx", rawOne.perSecond());
            row("2", "command gateway (event-sourced), many accounts, " + c, esMany, esMany.perSecond(), "deposits/s",
                    "JPA update of a balance row", stMany.perSecond());
            row("2", "command gateway (event-sourced), one hot account, " + c, esHot, esHot.perSecond(), "deposits/s",
                    "JPA update of one hot balance row", stHot.perSecond());
        }
    }

    private final List<String> rawAggregates = new CopyOnWriteArrayList<>();

    /** The raw baseline's rows go once measured: they are not events of the application's. */
    private void deleteRawRows() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from domain_event_entry where aggregate_identifier = ?")) {
            for (String id : rawAggregates) {
                delete.setString(1, id);
                delete.executeUpdate();
            }
        }
        rawAggregates.clear();
    }

    /** A new aggregate for raw inserts, opened (sequence 0) so the read models can follow its rows. */
    private String rawAggregate() {
        String id = UUID.randomUUID().toString();
        rawAggregates.add(id);
        try {
            prefill(List.of(id), 1);
        } catch (SQLException failed) {
            throw new IllegalStateException(failed);
        }
        return id;
    }

    /** Alice's subject (pseudonym): what the API records as her, so her token may use these accounts. */
    private String alice() {
        return app.getBean(Pseudonyms.class).subjectOf("alice");
    }

    private void deposit(String accountId) {
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new DepositMoney(accountId, ONE, null, "API", null))
                .andMetaData(Map.of(TallyMetaData.USERNAME, alice())));
    }

    private void stateDeposit(String id) {
        BenchBalances balances = app.getBean(BenchBalances.class);
        transactions.executeWithoutResult(status -> balances.findForUpdate(id).orElseThrow()
                .deposit(new BigDecimal("1.00")));
    }

    private List<String> openAccounts(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new OpenAccount(id, "Bench Holder", Money.zero(EUR)))
                    .andMetaData(Map.of(TallyMetaData.USERNAME, alice())));
            ids.add(id);
        }
        return ids;
    }

    private List<String> stateRows(int count) {
        BenchBalances balances = app.getBean(BenchBalances.class);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(balances.save(new BenchBalance(UUID.randomUUID().toString())).id());
        }
        return ids;
    }

    // ---------------------------------------------------------------- figure 3

    private void restLatency() throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = ApiRequests.token(http, "http://localhost:" + port, "alice", "alice-pw");
        int most = Arrays.stream(httpClients).max().orElse(1);
        List<String> accounts = openAccounts(most);
        for (int n : httpClients) {
            // each round starts with the read models up to date, not behind on the previous figure's writes
            awaitProcessorsCaughtUp(Duration.ofSeconds(120));
            Result rest = measure(n, client -> restDeposit(http, depositWithToken(port, accounts.get(client), token)));
            Result inProcess = gatewayManyByClients.get(n);
            if (inProcess == null) {
                inProcess = gatewayManyByClients.values().stream().max(Comparator.comparingDouble(Result::perSecond))
                        .orElse(null);
            }
            String clientsInProcess = inProcess == null ? "" : " (in-process at " + (gatewayManyByClients.get(n) != null
                    ? n + " clients" : "its best") + ")";
            row("3", String.format(Locale.ROOT, "REST deposits, bearer token, %d clients (p50 %.1f / p95 %.1f / p99"
                                    + " %.1f ms)", n, rest.percentile(50), rest.percentile(95), rest.percentile(99)),
                    rest, rest.perSecond(), "deposits/s", "command gateway in-process, many accounts" + clientsInProcess,
                    inProcess == null ? Double.NaN : inProcess.perSecond());
            row("3", "REST p99, bearer token, " + n + " clients", rest, rest.percentile(99), "ms",
                    "command gateway in-process p99" + clientsInProcess,
                    inProcess == null ? Double.NaN : inProcess.percentile(99));
        }
        // for contrast: the same deposits with a password check (bcrypt) on every request
        awaitProcessorsCaughtUp(Duration.ofSeconds(120));
        Result basic = measure(most, client -> restDeposit(http, depositRequest(port, accounts.get(client))));
        Result tokens = measure(most, client -> restDeposit(http, depositWithToken(port, accounts.get(client), token)));
        row("3b", "REST deposits, HTTP Basic (bcrypt per request), " + most + " clients", basic.perSecond(),
                "deposits/s", "the same with a bearer token", tokens.perSecond());
    }

    private static Op restDeposit(HttpClient http, HttpRequest request) {
        return () -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
            }
        };
    }

    /** A deposit of 1.00 EUR as Alice, over HTTP Basic. */
    private static HttpRequest depositRequest(int port, String accountId) {
        return ApiRequests.request("http://localhost:" + port + "/api/accounts/" + accountId + "/deposits", "alice",
                "alice-pw", "POST", "{\"amount\": \"1.00\", \"currency\": \"EUR\"}", null).build();
    }

    /** The same deposit with Alice's bearer token. */
    private static HttpRequest depositWithToken(int port, String accountId, String token) {
        return ApiRequests.withToken("http://localhost:" + port + "/api/accounts/" + accountId + "/deposits", token,
                "POST", "{\"amount\": \"1.00\", \"currency\": \"EUR\"}", null).build();
    }

    // ---------------------------------------------------------------- figure 5

    @SuppressWarnings("unchecked")
    private void aggregateLoad() throws Exception {
        // a repository of its own: no snapshot trigger (loading never takes a snapshot) and no cache,
        // so every load reads the store; readEvents starts at the latest snapshot when there is one
        Repository<Account> repository = EventSourcingRepository.builder(Account.class)
                .eventStore(app.getBean(EventStore.class)).build();
        Snapshotter snapshotter = app.getBean(Snapshotter.class);
        stopProcessors();
        for (int length : new int[] {10, 1_000, 10_000}) {
            String id = UUID.randomUUID().toString();
            prefill(List.of(id), length);
            Result raw = measure(1, client -> () -> query("select global_index, type, aggregate_identifier, "
                            + "sequence_number, event_identifier, payload_type, payload_revision, time_stamp, payload, "
                            + "meta_data from domain_event_entry where aggregate_identifier = '" + id
                            // a different statement each time: H2 would otherwise answer from its result cache
                            + "' and sequence_number > " + (-1 - System.nanoTime()) + " order by sequence_number",
                    rs -> rs.getBytes("payload")));
            Result load = measure(1, client -> () -> load(repository, id));
            long[] read = new long[1];
            query("select count(*) from domain_event_entry where aggregate_identifier = '" + id + "'",
                    rs -> read[0] = rs.getLong(1));
            System.out.println("  (rows stored " + read[0] + ", aggregate version " + loadedVersion(repository, id) + ")");
            row("5", "load aggregate of " + length + " events, no snapshot", load.millisPerOp(), "ms/load",
                    "raw JDBC read of its rows", raw.millisPerOp());
            transactions.executeWithoutResult(status -> snapshotter.scheduleSnapshot(Account.class, id));
            Result loadSnapshot = measure(1, client -> () -> load(repository, id));
            row("5", "load aggregate of " + length + " events, from snapshot", loadSnapshot.millisPerOp(),
                    "ms/load", "same load without snapshot", load.millisPerOp());
        }
        processorsToHead();
    }

    private static Long loadedVersion(Repository<Account> repository, String id) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return repository.load(id).version();
        } finally {
            unitOfWork.rollback();
        }
    }

    private static void load(Repository<Account> repository, String id) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            repository.load(id);
        } finally {
            // rolled back: no snapshot is taken, so every load reads the same
            unitOfWork.rollback();
        }
    }

    // ---------------------------------------------------------------- figure 4

    private void replay() throws Exception {
        stopProcessors();
        int perAccount = 100;
        List<String> ids = new ArrayList<>();
        // what earlier figures stored counts: the store holds about bench.replay-events events when replayed
        for (long i = 0; i < (replayEvents - count()) / perAccount; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        prefill(ids, perAccount);
        processorsToHead();
        long stored = count();
        long scanStart = System.nanoTime();
        AtomicLong scanned = new AtomicLong();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only in a transaction
            try (PreparedStatement select = connection.prepareStatement("select global_index, type, "
                    + "aggregate_identifier, sequence_number, event_identifier, payload_type, payload_revision, "
                    + "time_stamp, payload, meta_data from domain_event_entry order by global_index")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rs.getBytes("payload");
                        rs.getBytes("meta_data");
                        scanned.incrementAndGet();
                    }
                }
            }
            connection.commit();
        }
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;
        double rebuildPerSecond = handWrittenRebuild();

        StreamingEventProcessor processor = app.getBean(EventProcessingConfiguration.class)
                .eventProcessor("account-summary", StreamingEventProcessor.class).orElseThrow();
        long head = app.getBean(EventStore.class).createHeadToken().position().orElse(0);
        processor.shutDown();
        processor.resetTokens();
        long replayStart = System.nanoTime();
        processor.start();
        int segments = app.getBean(TokenStore.class).fetchSegments("account-summary").length;
        while (true) {
            var status = processor.processingStatus().values();
            // (a segment stays "replaying" until it sees an event newer than the reset: positions tell)
            if (status.size() == segments && status.stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= head)) {
                break;
            }
            if (System.nanoTime() - replayStart > 600e9) {
                throw new IllegalStateException("replay not done after 600 s: " + status);
            }
            Thread.sleep(20);
        }
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        row("4", "replay account-summary from " + stored + " events", stored / replaySeconds, "events/s",
                "raw JDBC scan of the same rows", scanned.get() / scanSeconds);
        row("4", "replay account-summary from " + stored + " events", stored / replaySeconds, "events/s",
                "hand-written rebuild: JDBC scan + batch upsert of a balance row per event", rebuildPerSecond);

        // the operator's way: rebuilt beside the old tables, then swapped in (the copy of the rows included)
        double rebuiltBefore = rebuilds();
        long rebuildStart = System.nanoTime();
        app.getBean(Processors.class).replay("account-summary");
        while (rebuilds() <= rebuiltBefore) {
            if (System.nanoTime() - rebuildStart > 900e9) {
                throw new IllegalStateException("rebuild beside the old read model not done after 900 s");
            }
            Thread.sleep(20);
        }
        double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
        row("4", "rebuild account-summary beside the old one from " + stored + " events (blue/green, with the swap)",
                stored / rebuildSeconds, "events/s", "raw JDBC scan of the same rows", scanned.get() / scanSeconds);
        row("4", "rebuild account-summary beside the old one from " + stored + " events (blue/green, with the swap)",
                stored / rebuildSeconds, "events/s", "replay in place (above)", stored / replaySeconds);
    }

    /** Rebuilds of account-summary swapped in so far (ReplayCoordination counts them). */
    private double rebuilds() {
        var counter = app.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("tally.processor.rebuilds")
                .tag("processor", "account-summary").counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * The best a rebuild written by hand could do: one JDBC scan of the events in order, each
     * payload parsed for its amount, and the account's row upserted for every event in JDBC
     * batches of 1,000 per transaction, into a scratch table of the same kind as account_summary.
     * Events per second.
     */
    private double handWrittenRebuild() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String upsert = db.equals("postgres")
                ? "insert into bench_rebuild (account_id, version, balance) values (?, ?, ?) on conflict (account_id)"
                + " do update set version = excluded.version, balance = excluded.balance"
                : "merge into bench_rebuild (account_id, version, balance) key (account_id) values (?, ?, ?)";
        long started = System.nanoTime();
        long events = 0;
        try (Connection read = dataSource.getConnection(); Connection write = dataSource.getConnection()) {
            try (var ddl = write.createStatement()) {
                ddl.execute("create table bench_rebuild (account_id varchar(36) primary key, version bigint not null,"
                        + " balance numeric(22, 4) not null)");
            }
            read.setAutoCommit(false);
            write.setAutoCommit(false);
            Map<String, BigDecimal> balances = new HashMap<>();
            try (PreparedStatement select = read.prepareStatement("select aggregate_identifier, sequence_number,"
                    + " payload_type, payload from domain_event_entry where type = 'Account' order by global_index");
                 PreparedStatement store = write.prepareStatement(upsert)) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        var amount = json.readTree(rs.getBytes(4)).get("amount");
                        BigDecimal change = amount == null ? BigDecimal.ZERO : amount.decimalValue();
                        if (rs.getString(3).endsWith("Withdrawn") || rs.getString(3).endsWith("Debited")) {
                            change = change.negate();
                        }
                        BigDecimal balance = balances.merge(id, change, BigDecimal::add);
                        store.setString(1, id);
                        store.setLong(2, rs.getLong(2));
                        store.setBigDecimal(3, balance);
                        store.addBatch();
                        if (++events % 1000 == 0) {
                            store.executeBatch();
                            write.commit();
                        }
                    }
                }
                store.executeBatch();
                write.commit();
            }
            read.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            try (var ddl = write.createStatement()) {
                ddl.execute("drop table bench_rebuild");
            }
            write.commit();
            return events / seconds;
        }
    }

    // ---------------------------------------------------------------- figure 7

    /**
     * {@code bench.payments} payments from {@code bench.payment-clients} concurrent HTTP clients, each
     * payment sent twice with its Idempotency-Key (the second as a client whose first answer was
     * lost), each client paying 1.00 from its own funded account. Afterwards: every first answer a
     * 201, every retry a 200 with the same payment, no timeout, exactly one payment and one debit per
     * key, and the money of every account conserved.
     */
    private void paymentLoad() throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        String base = "http://localhost:" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(16)).build();
        String token = ApiRequests.token(http, base, "alice", "alice-pw");
        int perClient = payments / paymentClients;
        BigDecimal funds = new BigDecimal(perClient + 10);
        List<String> accounts = openAccounts(paymentClients);
        for (String account : accounts) {
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new DepositMoney(account,
                    new Money(funds.setScale(2), EUR), null, "API", null)).andMetaData(Map.of(TallyMetaData.USERNAME, alice())));
        }
        awaitProcessorsCaughtUp(Duration.ofSeconds(120));
        long paymentsBefore = countOf("PaymentRequested");
        long debitsBefore = countOf("AccountDebited");
        long completedBefore = countOf("PaymentCompleted");
        long declinedBefore = countOf("PaymentDeclined");
        long returnedBefore = countOf("DebitReturned");
        AtomicLong errors = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        Queue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long[] latencies = new long[perClient * paymentClients * 2];
        AtomicLong next = new AtomicLong();
        ExecutorService clientThreads = Executors.newFixedThreadPool(paymentClients);
        long started = System.nanoTime();
        for (String account : accounts) {
            clientThreads.submit(() -> {
                String body = "{\"accountId\": \"" + account + "\", \"amount\": \"1.00\", \"currency\": \"EUR\"}";
                for (int i = 0; i < perClient; i++) {
                    String key = UUID.randomUUID().toString();
                    String first = null;
                    for (int attempt = 0; attempt < 2; attempt++) {
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(ApiRequests.withToken(base + "/api/payments", token,
                                    "POST", body, key).build(), HttpResponse.BodyHandlers.ofString());
                            latencies[(int) next.getAndIncrement()] = System.nanoTime() - sent;
                            int expected = attempt == 0 ? 201 : 200;
                            String paymentId = response.body().replaceAll(".*\"paymentId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                            if (response.statusCode() != expected || (attempt == 1 && !paymentId.equals(first))) {
                                errors.incrementAndGet();
                                if (firstErrors.size() < 5) {
                                    firstErrors.add(response.statusCode() + " " + response.body());
                                }
                            }
                            first = paymentId;
                        } catch (HttpTimeoutException late) {
                            timeouts.incrementAndGet();
                        } catch (Exception failed) {
                            errors.incrementAndGet();
                            if (firstErrors.size() < 5) {
                                firstErrors.add(failed.toString());
                            }
                        }
                    }
                }
            });
        }
        clientThreads.shutdown();
        if (!clientThreads.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("payment clients not done after 30 minutes");
        }
        double answeredSeconds = (System.nanoTime() - started) / 1e9;
        int total = perClient * paymentClients;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        // settled: completed, or declined by its own timeout (its debit, if any, goes back)
        while (countOf("PaymentCompleted") - completedBefore + countOf("PaymentDeclined") - declinedBefore < total
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double settledSeconds = (System.nanoTime() - started) / 1e9;
        // a decline after a debit sends the debit back afterwards: wait until the store stops growing
        awaitQuiet(Duration.ofSeconds(300));
        long returned = countOf("DebitReturned") - returnedBefore;
        long paid = countOf("PaymentRequested") - paymentsBefore;
        long debited = countOf("AccountDebited") - debitsBefore;
        long completed = countOf("PaymentCompleted") - completedBefore;
        BigDecimal[] left = {BigDecimal.ZERO};
        for (String account : accounts) {
            query("select balance from account_summary where account_id = '" + account + "'",
                    rs -> left[0] = left[0].add(rs.getBigDecimal(1)));
        }
        long declined = countOf("PaymentDeclined") - declinedBefore;
        // what was deposited, less 1.00 for every completed payment: a declined one's debit went back
        BigDecimal expectedLeft = funds.multiply(new BigDecimal(paymentClients)).subtract(new BigDecimal(completed));
        long[] measured = Arrays.copyOf(latencies, (int) Math.min(next.get(), latencies.length));
        Arrays.sort(measured);
        double p99 = measured.length == 0 ? Double.NaN : measured[(int) (measured.length * 0.99) - 1] / 1e6;
        System.out.printf("  figure 7: %d payments from %d clients, each sent twice: %d errors, %d timeouts, %d payments, "
                        + "%d debits, %d completed, %d declined, %d debits returned; balances left %s (expected %s); answered in"
                        + " %.1f s, settled in %.1f s, p99 %.1f ms%s%n", total, paymentClients, errors.get(), timeouts.get(), paid,
                debited, completed, declined, returned,
                left[0].stripTrailingZeros().toPlainString(), expectedLeft.toPlainString(), answeredSeconds,
                settledSeconds, p99, firstErrors.isEmpty() ? "" : "; first errors: " + firstErrors);
        row("7", String.format(Locale.ROOT, "%d payments, %d HTTP clients, each retried once: %d errors, %d timeouts,"
                        + " %d payments, %d debits, money %s (p99 %.0f ms)", total, paymentClients, errors.get(),
                timeouts.get(), paid, debited, left[0].compareTo(expectedLeft) == 0 ? "conserved" : "NOT conserved",
                p99), total / settledSeconds, "payments/s", "requests answered per second (both attempts)",
                2.0 * total / answeredSeconds);
    }

    private long countOf(String eventType) {
        long[] count = new long[1];
        query("select count(*) from domain_event_entry where payload_type like '%." + eventType + "'",
                rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    // ---------------------------------------------------------------- figure 6

    private void largeStore() throws Exception {
        // the baseline is taken here, minutes closer to the figure than figure 1 was, on the store as it is
        long before = count();
        Result small = depositsOnNewAccounts();
        if (before < largeStore) {
            stopProcessors();
            int perAccount = 100;
            List<String> ids = new ArrayList<>();
            for (long i = 0; i < (largeStore - before) / perAccount; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            prefill(ids, perAccount);
            processorsToHead();
        }
        long after = count();
        Result large = depositsOnNewAccounts();
        row("6", "command gateway, 1 client, " + after + " events stored", large.perSecond(), "events/s",
                "same with " + before + " events stored (just before the pre-fill)", small.perSecond());
    }

    /** Deposits from one client over accounts opened for the measurement, in turn. */
    private Result depositsOnNewAccounts() throws Exception {
        List<String> many = openAccounts(MANY_ACCOUNTS);
        return measure(1, client -> {
            AtomicLong next = new AtomicLong();
            return () -> deposit(many.get((int) (next.getAndIncrement() % many.size())));
        });
    }

    // ---------------------------------------------------------------- rows as Axon stores them

    /** Opens one account and deposits once through Axon, and keeps the rows it stored as templates. */
    private void captureRowFormat() {
        templateId = openAccounts(1).get(0);
        deposit(templateId);
        rowTypes = new String[6];
        query("select type, payload_type, payload_revision, time_stamp, payload, meta_data, sequence_number "
                + "from domain_event_entry where aggregate_identifier = '" + templateId + "' order by sequence_number",
                rs -> {
                    rowTypes[0] = rs.getString("type");
                    if (rs.getLong("sequence_number") == 0) {
                        rowTypes[1] = rs.getString("payload_type");
                        rowTypes[2] = rs.getString("payload_revision");
                        openedPayload = rs.getBytes("payload");
                    } else {
                        rowTypes[3] = rs.getString("payload_type");
                        rowTypes[4] = rs.getString("payload_revision");
                        rowTypes[5] = rs.getString("time_stamp");
                        depositedPayload = rs.getBytes("payload");
                        metaData = rs.getBytes("meta_data");
                    }
                });
    }

    private String nextIndex() {
        return db.equals("postgres") ? "nextval('domain_event_entry_seq')" : "next value for domain_event_entry_seq";
    }

    private String insertSql() {
        return "insert into domain_event_entry (global_index, type, aggregate_identifier, sequence_number, "
                + "event_identifier, payload_type, payload_revision, time_stamp, payload, meta_data) values ("
                + nextIndex() + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private byte[] forAggregate(byte[] template, String id) {
        return new String(template, StandardCharsets.UTF_8).replace(templateId, id).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code rows} MoneyDeposited rows of one aggregate in one transaction (a batch when more than one). */
    private void insertRows(String id, AtomicLong sequence, int rows) throws SQLException {
        byte[] payload = forAggregate(depositedPayload, id);
        byte[] meta = forAggregate(metaData, id);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(rows == 1);
            try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
                for (int i = 0; i < rows; i++) {
                    bind(insert, id, sequence.getAndIncrement(), rowTypes[3], rowTypes[4], payload, meta);
                    if (rows == 1) {
                        insert.executeUpdate();
                    } else {
                        insert.addBatch();
                    }
                }
                if (rows > 1) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
    }

    private void bind(PreparedStatement insert, String id, long sequence, String payloadType, String revision,
                      byte[] payload, byte[] meta) throws SQLException {
        insert.setString(1, rowTypes[0]);
        insert.setString(2, id);
        insert.setLong(3, sequence);
        insert.setString(4, UUID.randomUUID().toString());
        insert.setString(5, payloadType);
        insert.setString(6, revision);
        insert.setString(7, rowTypes[5]);
        insert.setBytes(8, payload);
        insert.setBytes(9, meta);
    }

    /** Stores accounts of {@code length} events each (opened, then deposits) with JDBC batches. */
    private void prefill(List<String> ids, int length) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
                int inBatch = 0;
                for (String id : ids) {
                    byte[] opened = forAggregate(openedPayload, id);
                    byte[] deposited = forAggregate(depositedPayload, id);
                    byte[] meta = forAggregate(metaData, id);
                    for (long sequence = 0; sequence < length; sequence++) {
                        if (sequence == 0) {
                            bind(insert, id, 0, rowTypes[1], rowTypes[2], opened, meta);
                        } else {
                            bind(insert, id, sequence, rowTypes[3], rowTypes[4], deposited, meta);
                        }
                        insert.addBatch();
                        if (++inBatch == 1_000) {
                            insert.executeBatch();
                            connection.commit();
                            inBatch = 0;
                        }
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
        if ((long) ids.size() * length > 1000) System.out.printf("  (stored %d events in %.1f s)%n", (long) ids.size() * length,
                (System.nanoTime() - started) / 1e9);
    }

    private long count() {
        long[] count = new long[1];
        query("select count(*) from domain_event_entry", rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    // ---------------------------------------------------------------- processors

    private Map<String, EventProcessor> processors() {
        return app.getBean(EventProcessingConfiguration.class).eventProcessors();
    }

    /**
     * Stops every processor once it has handled what is stored (at most 60 s): moved to the head
     * afterwards, a processor must not skip events of accounts the figures go on using.
     */
    private void stopProcessors() throws InterruptedException {
        awaitProcessorsCaughtUp(Duration.ofSeconds(60));
        processors().values().forEach(EventProcessor::shutDown);
    }

    /**
     * Waits until the processors have caught up and nothing new was stored meanwhile (what they
     * handle may send commands that store more), or the time is up.
     */
    private void awaitQuiet(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long head;
        do {
            head = app.getBean(EventStore.class).createHeadToken().position().orElse(0);
            awaitProcessorsCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            Thread.sleep(500);
        } while (head != app.getBean(EventStore.class).createHeadToken().position().orElse(0)
                && System.nanoTime() < deadline);
    }

    /** Waits until every running processor has handled what is stored now, or the time is up. */
    private void awaitProcessorsCaughtUp(Duration atMost) throws InterruptedException {
        long head = app.getBean(EventStore.class).createHeadToken().position().orElse(0);
        long deadline = System.nanoTime() + atMost.toNanos();
        for (EventProcessor processor : processors().values()) {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                while (System.nanoTime() < deadline && !(streaming.processingStatus().size() > 0
                        && streaming.processingStatus().values().stream()
                        .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head))) {
                    Thread.sleep(20);
                }
            }
        }
    }

    /**
     * Pre-filled events are not what a figure measures: every stopped processor starts again at the
     * head. The tokens are written to the token store directly, because a processor's own
     * resetTokens calls the projections' reset handlers, which empty the read models (the harness
     * once lost every account summary that way, and all later deposits were dead-lettered).
     */
    private void processorsToHead() throws SQLException {
        TokenStore tokens = app.getBean(TokenStore.class);
        TrackingToken head = headOfTheSequence();
        processors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                transactions.executeWithoutResult(status -> {
                    for (int segment : tokens.fetchSegments(name)) {
                        tokens.storeToken(head, name, segment);
                        tokens.releaseClaim(name, segment);
                    }
                });
            }
            processor.start();
        });
        // a figure starts once every processor has claimed its segments again and stands at the head
        try {
            awaitProcessorsCaughtUp(Duration.ofSeconds(60));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A token at the last value the global index sequence handed out, not at the last stored event:
     * the raw baseline's rows are deleted once measured, and a token at the last remaining event would
     * take every index they used for a gap (up to Axon's 10,000), which each processor then copies and
     * scans with every event for a minute. The first profile of the PostgreSQL figures found half of
     * all CPU samples there (benchmarks.md).
     */
    private TrackingToken headOfTheSequence() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             var statement = connection.createStatement();
             var result = statement.executeQuery("select " + nextIndex())) {
            result.next();
            return GapAwareTrackingToken.newInstance(result.getLong(1), List.of());
        }
    }

    // ---------------------------------------------------------------- harness

    interface Op {
        void run() throws Exception;
    }

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowHandler handler) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                handler.row(rs);
            }
        } catch (SQLException failed) {
            throw new IllegalStateException(sql, failed);
        }
    }

    /**
     * How far the processors were behind when a figure's clients stopped (events of the slowest
     * processor, -1 when none ran) and how long they then took to catch up: a figure only counts
     * while the read models follow.
     */
    record Backlog(long events, double drainSeconds) {
        static final Backlog NONE = new Backlog(-1, 0);

        String note() {
            return events < 0 ? "" : String.format(Locale.ROOT, " [backlog %d events, drained in %.1f s]", events,
                    drainSeconds);
        }
    }

    record Result(long ops, double seconds, long[] latencies, Backlog backlog) {
        double perSecond() {
            return ops / seconds;
        }

        /** The rate over the measured time plus the processors' drain: what the read models kept up with. */
        double keptUpPerSecond() {
            return ops / (seconds + backlog.drainSeconds());
        }

        double millisPerOp() {
            return seconds * 1000 / ops;
        }

        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            return latencies[(int) Math.min(latencies.length - 1, Math.ceil(p / 100 * latencies.length) - 1)] / 1e6;
        }
    }

    /** n threads run their op in a loop: a warm-up of a third of the time, then {@code seconds} measured. */
    private Result measure(int n, IntFunction<Op> perClient) throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[n];
        AtomicLong failures = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        for (int c = 0; c < n; c++) {
            int client = c;
            long[][] mine = {new long[1 << 16]};
            synchronized (latencies) {
                latencies.add(null);
            }
            Thread thread = new Thread(() -> {
                Op op = perClient.apply(client);
                int size = 0;
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        try {
                            op.run();
                        } catch (Exception | Error failed) {
                            if (failures.incrementAndGet() == 1) {
                                failed.printStackTrace();
                            }
                            continue;
                        }
                        if (measuring.get()) {
                            if (size == mine[0].length) {
                                mine[0] = Arrays.copyOf(mine[0], size * 2);
                            }
                            mine[0][size++] = System.nanoTime() - start;
                        }
                    }
                } finally {
                    counts[client] = size;
                    synchronized (latencies) {
                        latencies.set(client, Arrays.copyOf(mine[0], size));
                    }
                    done.countDown();
                }
            }, "bench-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep(Math.max(1000, seconds * 1000L / 3));
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        done.await();
        if (failures.get() > 0) {
            System.out.println("  (" + failures.get() + " failed operations)");
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(Arrays.stream(counts).sum(), elapsed, all, drain());
    }

    /** The running processors' backlog now, and the time they take to work it off (at most 5 minutes). */
    private Backlog drain() throws InterruptedException {
        long head = app.getBean(EventStore.class).createHeadToken().position().orElse(0);
        long behind = -1;
        for (EventProcessor processor : processors().values()) {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                for (var segment : streaming.processingStatus().values()) {
                    behind = Math.max(behind, Math.max(0, head - segment.getCurrentPosition().orElse(0)));
                }
            }
        }
        if (behind < 0) {
            return Backlog.NONE;
        }
        long start = System.nanoTime();
        awaitProcessorsCaughtUp(Duration.ofMinutes(5));
        return new Backlog(behind, (System.nanoTime() - start) / 1e9);
    }

    /** A figure measured with the processors running: its backlog and drain go next to the number. */
    private void row(String figure, String what, Result measured, double value, String unit, String baseline,
                     double baseValue) {
        row(figure, what + measured.backlog().note(), value, unit, baseline, baseValue);
        Map<String, Object> last = figures.get(figures.size() - 1);
        last.put("backlogEvents", measured.backlog().events());
        last.put("drainSeconds", measured.backlog().drainSeconds());
    }

    private void row(String figure, String what, double value, String unit, String baseline, double baseValue) {
        boolean time = unit.startsWith("ms");
        String ratio = time ? String.format(Locale.ROOT, "%.3gx", value / baseValue)
                : String.format(Locale.ROOT, "%.3f", value / baseValue);
        String format = time ? "%.3f" : "%.1f";
        String[] row = {figure, what, String.format(Locale.ROOT, format, value) + " " + unit, baseline,
                String.format(Locale.ROOT, format, baseValue) + " " + unit, ratio};
        rows.add(row);
        Map<String, Object> figureAsNumbers = new LinkedHashMap<>();
        figureAsNumbers.put("figure", figure);
        figureAsNumbers.put("what", what);
        figureAsNumbers.put("value", value);
        figureAsNumbers.put("unit", unit);
        figureAsNumbers.put("baseline", baseline);
        figureAsNumbers.put("baselineValue", baseValue);
        figureAsNumbers.put("ratio", value / baseValue);
        figures.add(figureAsNumbers);
        System.out.println("  " + String.join(" | ", row));
    }

    private void printTable() throws Exception {
        StringBuilder table = new StringBuilder();
        table.append("| # | figure | value | baseline (same run) | baseline value | ratio |\n");
        table.append("|---|---|---|---|---|---|\n");
        rows.forEach(row -> table.append("| ").append(String.join(" | ", row)).append(" |\n"));
        System.out.println();
        System.out.print(table);
        Path out = Path.of("target", "bench-results-" + db + ".md");
        Files.writeString(out, table.toString());
        Path json = Path.of("target", "bench-results-" + db + ".json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), figures);
        System.out.println("written to " + out + " and " + json);
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
