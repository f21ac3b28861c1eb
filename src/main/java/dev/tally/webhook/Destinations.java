package dev.tally.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import dev.tally.shared.InvalidInput;
import org.springframework.stereotype.Component;

/**
 * Where a webhook may send: an absolute {@code http} or {@code https} URL without credentials or
 * fragment, whose host resolves only to addresses the {@link AddressPolicy} allows. Checked when a
 * webhook is registered (a 400 naming {@code url}) and again before every attempt, on the addresses
 * the attempt then connects to: a name that resolved to a public address at registration and to an
 * internal one later (DNS rebinding) is refused at the attempt, and the attempt connects to the very
 * address that was checked, never to the name resolved once more.
 */
@Component
class Destinations {

    static final int MAX_URL_LENGTH = 2048;

    private final AddressPolicy policy;

    Destinations(WebhookSettings settings) {
        this.policy = new AddressPolicy(settings.allowPrivateAddresses());
    }

    /** The URL, parsed; a 400 naming {@code url} if it may not be a webhook's. */
    URI check(String url) {
        URI uri = parse(url);
        try {
            addressesOf(uri);
        } catch (Refused refused) {
            throw new InvalidInput("url", refused.getMessage());
        }
        return uri;
    }

    /** The addresses to connect to for this URL, now, each allowed. */
    List<InetAddress> addressesOf(URI uri) throws Refused {
        String host = host(uri);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException unknown) {
            throw new Refused("has a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            // all of them: a client could be sent to any one of them
            if (!policy.allows(address)) {
                throw new Refused("must not point at a private, loopback, link-local or multicast address");
            }
        }
        return List.of(addresses);
    }

    static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme(uri)) ? 443 : 80;
    }

    static String scheme(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInput("url", "must not be blank");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidInput("url", "must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            throw new InvalidInput("url", "must be an absolute http or https URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getScheme() == null
                || !List.of("http", "https").contains(scheme(uri))) {
            throw new InvalidInput("url", "must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidInput("url", "must name a host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidInput("url", "must have a port from 1 to 65535");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInput("url", "must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidInput("url", "must not have a fragment");
        }
        return uri;
    }

    /** A destination that may not be sent to (now). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
