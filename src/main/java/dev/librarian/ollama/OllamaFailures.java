package dev.librarian.ollama;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** Reads a failed Ollama call: was Ollama unreachable or broken (rather than the request wrong), and why. */
public final class OllamaFailures {

    private OllamaFailures() {
    }

    /**
     * Failures that say Ollama itself is down: refused connections (nothing listens), timeouts, and 5xx answers
     * (except Ollama's own 503 "server busy", which means it is up and full). Only these count toward the breaker.
     * A connection Ollama drops or resets while reading one request is not among them: a request Ollama cannot
     * read (a lone surrogate made it close the connection) says nothing about the other requests.
     */
    public static boolean isOutage(Throwable failure) {
        HttpOperationFailedException http = httpFailure(failure);
        if (http != null) {
            String body = http.getResponseBody();
            return http.getStatusCode() >= 500 && !(http.getStatusCode() == 503 && body != null && body.contains("busy"));
        }
        if (isUnreachable(failure)) {
            return true;
        }
        // connect, socket and response timeouts
        return ObjectHelper.getException(InterruptedIOException.class, failure) != null;
    }

    /** The call failed on the connection (refused, dropped, reset, timed out) rather than with an answer. */
    public static boolean isConnectionFailure(Throwable failure) {
        return ObjectHelper.getException(IOException.class, failure) != null;
    }

    /** Nothing listens at Ollama's address (or the host is unknown): no call can succeed until that changes. */
    public static boolean isUnreachable(Throwable failure) {
        return ObjectHelper.getException(ConnectException.class, failure) != null
                || ObjectHelper.getException(NoRouteToHostException.class, failure) != null
                || ObjectHelper.getException(UnknownHostException.class, failure) != null;
    }

    /** A short reason, e.g. "Connection refused", "Read timed out", "HTTP 502: bad gateway"; never empty. */
    public static String reason(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        HttpOperationFailedException http = httpFailure(failure);
        if (http != null) {
            String body = http.getResponseBody();
            return "HTTP " + http.getStatusCode() + (body == null || body.isBlank() ? "" : ": " + abbreviate(body.trim()));
        }
        Throwable root = root(failure);
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        // HttpClient says "Connect to http://host:port failed: Connection refused"; the host is said elsewhere
        int failed = message.indexOf(" failed: ");
        if (root instanceof ConnectException && message.startsWith("Connect to ") && failed > 0) {
            message = message.substring(failed + " failed: ".length());
        }
        return abbreviate(message);
    }

    private static HttpOperationFailedException httpFailure(Throwable failure) {
        return ObjectHelper.getException(HttpOperationFailedException.class, failure);
    }

    private static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
