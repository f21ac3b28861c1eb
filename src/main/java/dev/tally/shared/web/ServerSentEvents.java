package dev.tally.shared.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams to clients, with what every stream needs: a cap on how many are open
 * (per user and in all, {@link StreamLimits}), a heartbeat ({@code tally.sse.heartbeat}) that finds
 * out when a client has gone, and one clean-up when it has (or the stream ends, times out or
 * fails), so the subscription behind the stream and its place under the caps are freed.
 *
 * <p>A slow client holds up no one but itself. Sending never waits for the client: an event goes
 * into the stream's own buffer of {@code tally.streams.buffer} events, which a writer thread of the
 * stream empties into the connection. A client whose buffer is full (its connection has taken
 * nothing while that many events came), or whose connection has not taken a write for
 * {@code tally.streams.send-timeout}, is disconnected: the feed resumes after the last event it got
 * ({@code Last-Event-ID}), an account's updates start again with the account as it is now. So
 * neither the code that sends (the feed's readers) nor the heartbeat ever blocks on a client.
 *
 * <p>When the node shuts down, its streams end first: a graceful shutdown waits for open requests,
 * and a stream would hold it for its whole timeout (or, a client gone, until two heartbeats found
 * out). Ended, the clients reconnect, to another node, and resume.
 */
@Component
public class ServerSentEvents implements SmartLifecycle {

    /**
     * How soon a client that lost its stream tries again (the stream's {@code retry:}): a stream ends
     * when its node shuts down or the client fell behind, and it resumes where it was.
     */
    static final Duration RECONNECT = Duration.ofSeconds(1);

    private final Duration heartbeat;
    private final int buffer;
    private final long sendTimeoutNanos;
    private final StreamQuota quota;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean stopping;
    /**
     * The streams' writers: one at a time per stream, at most two per stream the node may have open
     * (a stream closed while its write hangs keeps its thread until the connection gives up).
     */
    private final ThreadPoolExecutor writers;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public ServerSentEvents(@Value("${tally.sse.heartbeat:15s}") Duration heartbeat, StreamLimits limits,
                            @Value("${tally.streams.buffer:100}") int buffer,
                            @Value("${tally.streams.send-timeout:30s}") Duration sendTimeout) {
        if (buffer < 1) {
            throw new IllegalArgumentException("tally.streams.buffer must be >= 1");
        }
        this.heartbeat = heartbeat;
        this.buffer = buffer;
        this.sendTimeoutNanos = sendTimeout.toNanos();
        AtomicInteger threads = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(0, 2 * limits.total(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "sse-writer-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // a refused client may try again once the streams of its dropped connections are noticed
        this.quota = new StreamQuota(limits, heartbeat);
    }

    /**
     * A new stream of the user's, fed by {@code subscribe}: it starts sending to the stream and
     * returns what stops that, which runs once, when the client goes or the stream is closed. If
     * {@code subscribe} fails, the stream is closed and the failure thrown.
     *
     * @throws TooManyRequests when the user or the node has as many streams open as it may; then
     *                         nothing is subscribed
     */
    public Stream open(String user, Function<Stream, Runnable> subscribe) {
        quota.take(user);
        Stream stream;
        try {
            stream = new Stream(user);
        } catch (RuntimeException failed) {
            quota.release(user);
            throw failed;
        }
        try {
            stream.onClose(subscribe.apply(stream));
        } catch (RuntimeException failed) {
            stream.close();
            throw failed;
        }
        if (stopping) {
            stream.close(); // opened while the node's streams were being ended
        }
        return stream;
    }

    /** How many streams are open now. */
    public int openStreams() {
        return quota.open();
    }

    @Override
    public void start() {
        stopping = false; // a context stopped and started again (paused) serves streams again
        running = true;
    }

    /**
     * Every stream ends. This phase stops before the web server's graceful shutdown (a lower phase,
     * stopped after), which then has no stream to wait for.
     */
    @Override
    public void stop() {
        stopping = true;
        running = false;
        List.copyOf(streams).forEach(Stream::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @PreDestroy
    void release() {
        heartbeats.shutdownNow();
        writers.shutdownNow();
    }

    /** One client's stream. Sending is safe from any thread and never waits for the client. */
    public final class Stream {

        private final SseEmitter emitter = new SseEmitter(0L); // no time limit: the heartbeat watches
        private final String user;
        private final ScheduledFuture<?> beating;
        private final List<Runnable> onClose = new ArrayList<>(); // guarded by this
        private volatile boolean closed; // set under this
        private final BlockingQueue<SseEmitter.SseEventBuilder> outbox = new ArrayBlockingQueue<>(buffer);
        private final AtomicBoolean writing = new AtomicBoolean();
        /** When the write under way began (System.nanoTime), or 0 when none is. */
        private volatile long writeStarted;

        private Stream(String user) {
            this.user = user;
            emitter.onCompletion(this::closed);
            emitter.onTimeout(this::close);
            emitter.onError(error -> close());
            long every = heartbeat.toMillis();
            beating = heartbeats.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
            streams.add(this);
            // the response's headers go with the first write: without one now, a client would not know
            // the stream is open until the first event or heartbeat. It says how soon to come back, too
            enqueue(SseEmitter.event().reconnectTime(RECONNECT.toMillis()));
        }

        public SseEmitter emitter() {
            return emitter;
        }

        public boolean isOpen() {
            return !closed;
        }

        /** Sends one event; a client that has gone, or cannot keep up, closes the stream. */
        public void send(String name, String id, Object data) {
            enqueue(SseEmitter.event().name(name).id(id).data(data));
        }

        public void close() {
            if (closed()) {
                // not on this thread: completing waits for a write under way, which a stuck client holds
                try {
                    writers.execute(emitter::complete);
                } catch (RejectedExecutionException stopping) {
                    // the writers are busy with hanging connections or stopped: the stream is released anyway
                }
            }
        }

        private void enqueue(SseEmitter.SseEventBuilder event) {
            if (!isOpen()) {
                return;
            }
            if (!outbox.offer(event)) {
                close(); // the client has fallen a whole buffer behind
                return;
            }
            drainSoon();
        }

        private void drainSoon() {
            if (writing.compareAndSet(false, true)) {
                try {
                    writers.execute(this::drain);
                } catch (RejectedExecutionException noWriter) {
                    writing.set(false);
                    close();
                }
            }
        }

        /** Writes what is buffered, on a writer thread; one drain per stream at a time. */
        private void drain() {
            try {
                SseEmitter.SseEventBuilder next;
                while (isOpen() && (next = outbox.poll()) != null) {
                    writeStarted = System.nanoTime();
                    try {
                        emitter.send(next);
                    } catch (IOException | IllegalStateException gone) {
                        close();
                    } finally {
                        writeStarted = 0;
                    }
                }
            } finally {
                writing.set(false);
            }
            if (isOpen() && !outbox.isEmpty()) {
                drainSoon(); // an event came between the last poll and the flag
            }
        }

        private void beat() {
            long started = writeStarted;
            if (started != 0 && System.nanoTime() - started > sendTimeoutNanos) {
                close(); // the connection has not taken a write for the send timeout
                return;
            }
            if (outbox.isEmpty()) {
                enqueue(SseEmitter.event().comment("still here"));
            }
        }

        /** Frees what the stream holds, once; true for the call that did. */
        private boolean closed() {
            List<Runnable> cleanups;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                closed = true;
                cleanups = List.copyOf(onClose);
            }
            beating.cancel(false);
            outbox.clear();
            streams.remove(this);
            quota.release(user);
            cleanups.forEach(Runnable::run);
            return true;
        }

        /** Runs {@code cleanup} when the stream closes; at once if it closed while it was being subscribed. */
        private void onClose(Runnable cleanup) {
            synchronized (this) {
                if (!closed) {
                    onClose.add(cleanup);
                    return;
                }
            }
            cleanup.run();
        }
    }
}
