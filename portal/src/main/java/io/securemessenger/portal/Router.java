package io.securemessenger.portal;

import io.securemessenger.vault.store.VaultException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The portal's routes by method and path: each {@link Routes} class declares its own in
 * {@code define(Router)}. A path is a regular expression matched whole; its groups reach the
 * handler as {@link Exchange#pathPart(int)}. Whatever no route claims is "not found".
 */
final class Router {
    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException, VaultException;
    }

    private static final class Route {
        final String method;
        final Pattern path;
        final Handler handler;

        Route(String method, Pattern path, Handler handler) {
            this.method = method;
            this.path = path;
            this.handler = handler;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    Router get(String path, Handler handler) {
        return add("GET", path, handler);
    }

    Router post(String path, Handler handler) {
        return add("POST", path, handler);
    }

    private Router add(String method, String path, Handler handler) {
        Pattern pattern = Pattern.compile(path);
        for (Route route : routes) {
            if (route.method.equals(method) && route.path.pattern().equals(path)) {
                throw new IllegalStateException(method + " " + path + " is defined twice");
            }
        }
        routes.add(new Route(method, pattern, handler));
        return this;
    }

    /** Hands the exchange to the route of its method and path; false when there is none. */
    boolean dispatch(Exchange exchange) throws IOException, VaultException {
        String method = exchange.request().getMethod();
        String path = exchange.request().getRequestURI();
        for (Route route : routes) {
            if (!route.method.equals(method)) {
                continue;
            }
            Matcher matcher = route.path.matcher(path);
            if (matcher.matches()) {
                List<String> parts = new ArrayList<>();
                for (int i = 1; i <= matcher.groupCount(); i++) {
                    parts.add(matcher.group(i));
                }
                exchange.pathParts(parts);
                route.handler.handle(exchange);
                return true;
            }
        }
        return false;
    }
}
