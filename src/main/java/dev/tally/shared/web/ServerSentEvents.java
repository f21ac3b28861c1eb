package dev.tally.shared.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams to clients, with what every stream needs: a cap on how many are open
 * (per user and in all, {@link StreamLimits}), a heartbeat ({@code tally.sse.heartbeat}) that finds
 * out when a client has gone, and one clean-up when it has (or the stream ends, times out or
 * fails), so the subscription behind the stream and its place under the caps are freed.
 */
@Component
public class ServerSentEvents {

    private final Duration heartbeat;
    private final StreamQuota quota;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public ServerSentEvents(@Value("${tally.sse.heartbeat:15s}") Duration heartbeat, StreamLimits limits) {
        this.heartbeat = heartbeat;
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
        return stream;
    }

    /** How many streams are open now. */
    public int openStreams() {
        return quota.open();
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }

    /** One client's stream. Sending is safe from any thread. */
    public final class Stream {

        private final SseEmitter emitter = new SseEmitter(0L); // no time limit: the heartbeat watches
        private final String user;
        private final ScheduledFuture<?> beating;
        private final List<Runnable> onClose = new ArrayList<>(); // guarded by this
        private volatile boolean closed; // set under this

        private Stream(String user) {
            this.user = user;
            emitter.onCompletion(this::closed);
            emitter.onTimeout(this::close);
            emitter.onError(error -> close());
            long every = heartbeat.toMillis();
            beating = heartbeats.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
        }

        public SseEmitter emitter() {
            return emitter;
        }

        public boolean isOpen() {
            return !closed;
        }

        /** Sends one event; a client that has gone closes the stream. */
        public void send(String name, String id, Object data) {
            if (isOpen()) {
                try {
                    emitter.send(SseEmitter.event().name(name).id(id).data(data));
                } catch (IOException | IllegalStateException gone) {
                    close();
                }
            }
        }

        public void close() {
            if (closed()) {
                emitter.complete();
            }
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

        private void beat() {
            try {
                emitter.send(SseEmitter.event().comment("still here"));
            } catch (IOException | IllegalStateException gone) {
                close();
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
            quota.release(user);
            cleanups.forEach(Runnable::run);
            return true;
        }
    }
}
