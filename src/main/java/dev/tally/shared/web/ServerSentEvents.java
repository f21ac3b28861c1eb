package dev.tally.shared.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams to clients, with what every stream needs: a heartbeat
 * ({@code tally.sse.heartbeat}) that finds out when a client has gone, and one clean-up when it
 * has (or the stream ends), so the subscription behind the stream is freed.
 */
@Component
public class ServerSentEvents {

    private final Duration heartbeat;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger open = new AtomicInteger();

    public ServerSentEvents(@Value("${tally.sse.heartbeat:15s}") Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    /** A new stream; {@code onClose} runs once, when the client goes or the stream is closed. */
    public Stream open(Runnable onClose) {
        return new Stream(onClose);
    }

    /** How many streams are open now. */
    public int openStreams() {
        return open.get();
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }

    /** One client's stream. Sending is safe from any thread. */
    public final class Stream {

        private final SseEmitter emitter = new SseEmitter(0L); // no time limit: the heartbeat watches
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Runnable onClose;
        private final ScheduledFuture<?> beating;

        private Stream(Runnable onClose) {
            this.onClose = onClose;
            open.incrementAndGet();
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
            return !closed.get();
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

        private void beat() {
            try {
                emitter.send(SseEmitter.event().comment("still here"));
            } catch (IOException | IllegalStateException gone) {
                close();
            }
        }

        /** Frees what the stream holds, once; true for the call that did. */
        private boolean closed() {
            if (!closed.compareAndSet(false, true)) {
                return false;
            }
            beating.cancel(false);
            open.decrementAndGet();
            onClose.run();
            return true;
        }
    }
}
