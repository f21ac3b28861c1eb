package dev.tally.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tally.shared.readmodel.ReadModelTables;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models that are rebuilt beside their old tables when they are replayed (blue/green):
 * every projection that names its tables ({@link ReadModelTables}). For each there is a second
 * processor, {@code <processor>.rebuild}, with tokens of its own, that runs the same handlers from
 * the first event into copies of the tables ({@link ShadowTables}). It runs only while a rebuild
 * is under way ({@link ReplayCoordination} starts and stops it on every node), so it is not one of
 * Axon's configured processors: no list, health check or balancer sees it.
 */
@Component
class Rebuilds {

    static final String SUFFIX = ".rebuild";

    private final ApplicationContext context;
    private final JdbcTemplate jdbc;
    private final Map<String, Rebuild> started = new ConcurrentHashMap<>();
    private volatile Map<String, ReadModel> readModels;
    private volatile ShadowTables shadow;

    Rebuilds(ApplicationContext context, JdbcTemplate jdbc) {
        this.context = context;
        this.jdbc = jdbc;
    }

    /** A processor's read model and the tables it writes, if it is rebuilt beside the old one. */
    record ReadModel(String processor, Object projection, List<String> tables) {

        String rebuildName() {
            return processor + SUFFIX;
        }
    }

    Optional<ReadModel> of(String processor) {
        return Optional.ofNullable(readModels().get(processor));
    }

    ShadowTables shadow() {
        if (shadow == null) {
            shadow = ShadowTables.of(jdbc);
        }
        return shadow;
    }

    /** Starts this node's part of the rebuild (it claims what no other node claims). */
    void startHere(ReadModel readModel) {
        Rebuild rebuild = started.computeIfAbsent(readModel.processor(), name -> build(readModel));
        if (!rebuild.processor().isRunning()) {
            rebuild.processor().start();
        }
    }

    /** Stops this node's part of the rebuild, releasing its claims; waits until it has. */
    void stopHere(String processor) {
        Rebuild rebuild = started.get(processor);
        if (rebuild != null && rebuild.processor().isRunning()) {
            rebuild.processor().shutDown();
        }
    }

    boolean runningHere(String processor) {
        Rebuild rebuild = started.get(processor);
        return rebuild != null && rebuild.processor().isRunning();
    }

    /** The read models whose rebuild this node has running. */
    List<String> runningHere() {
        return started.keySet().stream().filter(this::runningHere).toList();
    }

    @PreDestroy
    void stopAll() {
        started.keySet().forEach(this::stopHere);
        started.values().forEach(Rebuild::close);
    }

    private Map<String, ReadModel> readModels() {
        if (readModels == null) {
            readModels = context.getBeansWithAnnotation(ReadModelTables.class).values().stream()
                    .map(Rebuilds::readModel)
                    .collect(Collectors.toUnmodifiableMap(ReadModel::processor, Function.identity()));
        }
        return readModels;
    }

    private static ReadModel readModel(Object projection) {
        Class<?> type = AopUtils.getTargetClass(projection);
        ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(type, ProcessingGroup.class);
        ReadModelTables tables = AnnotatedElementUtils.findMergedAnnotation(type, ReadModelTables.class);
        if (group == null || tables == null) {
            throw new IllegalStateException(type.getName() + " names its tables but no processing group");
        }
        return new ReadModel(group.value(), projection, Arrays.asList(tables.value()));
    }

    /**
     * The rebuild's processor: as the read model's own is configured (segments, batch size, a dead
     * letter queue), from the tail of the store, in transactions that write the tables' copies.
     */
    private Rebuild build(ReadModel readModel) {
        Configuration axon = context.getBean(Configuration.class);
        TransactionManager transactions = context.getBean(TransactionManager.class);
        EventProcessorProperties.ProcessorSettings settings = context.getBean(EventProcessorProperties.class)
                .getProcessors().get(readModel.processor());
        String name = readModel.rebuildName();
        EntityManagerProvider entityManagers = context.getBean(EntityManagerProvider.class);
        JpaSequencedDeadLetterQueue<org.axonframework.eventhandling.EventMessage<?>> letters =
                JpaSequencedDeadLetterQueue.builder()
                        .processingGroup(name)
                        .entityManagerProvider(entityManagers)
                        .transactionManager(transactions)
                        .eventSerializer(axon.eventSerializer())
                        .genericSerializer(axon.serializer())
                        .build();
        Class<?> type = AopUtils.getTargetClass(readModel.projection());
        DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(readModel.projection())
                .parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(type))
                .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                .queue(letters)
                .transactionManager(transactions)
                .build();
        ScheduledExecutorService coordinator = daemons(name + "-coordinator", 1);
        ScheduledExecutorService workers = daemons(name + "-worker", 2);
        @SuppressWarnings({"unchecked", "rawtypes"})
        StreamableMessageSource<TrackedEventMessage<?>> events =
                (StreamableMessageSource) context.getBean(EventStore.class);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(invoker)
                .rollbackConfiguration(RollbackConfigurationType.ANY_THROWABLE)
                .errorHandler(PropagatingErrorHandler.instance())
                .messageMonitor(NoOpMessageMonitor.INSTANCE)
                .messageSource(events)
                .tokenStore(context.getBean(TokenStore.class))
                .transactionManager(new InShadowTables(transactions, shadow(), entityManagers))
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(settings == null || settings.getInitialSegmentCount() == null ? 1
                        : settings.getInitialSegmentCount())
                .batchSize(settings == null ? 1 : settings.getBatchSize())
                .initialToken(StreamableMessageSource::createTailToken)
                .build();
        return new Rebuild(processor, coordinator, workers);
    }

    private static ScheduledExecutorService daemons(String name, int threads) {
        return Executors.newScheduledThreadPool(threads, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private record Rebuild(PooledStreamingEventProcessor processor, ScheduledExecutorService coordinator,
                           ScheduledExecutorService workers) {

        void close() {
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }
}
