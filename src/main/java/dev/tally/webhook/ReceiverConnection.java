package dev.tally.webhook;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 {@code POST} to a receiver, over a connection to an address that was checked
 * ({@link Destinations}), never to the host name resolved once more: the JDK's {@code HttpClient}
 * resolves the name itself and cannot be given the address, so between the check and its own lookup
 * a name could be rebound to an internal address. For {@code https} the TLS handshake still names
 * the host (SNI) and verifies the certificate against it. Only the status line of the answer is read:
 * a redirect is a 3xx like any other non-2xx, never followed.
 */
final class ReceiverConnection {

    private static final int MAX_STATUS_LINE = 8192;

    private ReceiverConnection() {
    }

    /**
     * @return the status code of the answer
     * @throws SocketTimeoutException when the connection or the answer takes longer than allowed
     * @throws IOException            when the receiver cannot be reached or does not answer HTTP
     */
    static int post(URI url, InetAddress address, Map<String, String> headers, byte[] body,
                    Duration connectTimeout, Duration readTimeout) throws IOException {
        String host = Destinations.host(url);
        int port = Destinations.port(url);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), Math.toIntExact(connectTimeout.toMillis()));
            long deadline = System.nanoTime() + readTimeout.toNanos();
            plain.setSoTimeout(remainingMillis(deadline));
            Socket socket = "https".equals(Destinations.scheme(url)) ? tls(plain, host, port) : plain;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head(url, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return statusCode(new BufferedInputStream(socket.getInputStream()), socket, deadline);
            } finally {
                socket.close();
            }
        }
    }

    private static Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static String head(URI url, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String hostHeader = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        StringBuilder head = new StringBuilder()
                .append("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    /** The code of the status line {@code HTTP/1.x NNN reason}, read before the deadline. */
    private static int statusCode(InputStream in, Socket socket, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_STATUS_LINE) {
            socket.setSoTimeout(remainingMillis(deadline));
            int next = in.read();
            if (next == -1 || next == '\n') {
                break;
            }
            line.write(next);
        }
        String status = line.toString(StandardCharsets.ISO_8859_1).strip();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("the receiver did not answer HTTP");
        }
        return Integer.parseInt(parts[1]);
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("the receiver did not answer in time");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
