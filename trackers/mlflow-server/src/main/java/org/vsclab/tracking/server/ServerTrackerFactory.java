package org.vsclab.tracking.server;

import java.nio.file.Path;
import java.time.Duration;
import org.vsclab.config.ConfigError;
import org.vsclab.config.Settings;
import org.vsclab.plugin.BuildContext;
import org.vsclab.plugin.ComponentFactory;
import org.vsclab.spi.Tracker;
import org.vsclab.tracking.FileStoreTracker;

/**
 * Builds the {@link ServerTracker} for {@code tracking.uri} values with the {@code http} and {@code
 * https} schemes. Settings ({@code trackers.http.*}, shared by {@code https}): {@code outbox} (the
 * write-ahead store), {@code request-timeout}, {@code close-wait}. Credentials come from {@code
 * MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} or {@code MLFLOW_TRACKING_TOKEN},
 * never from the configuration, so they are never recorded as params.
 */
public final class ServerTrackerFactory implements ComponentFactory<Tracker> {

    @Override
    public String description() {
        return "MLflow tracking server (tracking.uri = http(s)://host:port): recorded in a local write-ahead store,"
                + " delivered in the background; vsc sync, vsc push";
    }

    @Override
    public Tracker create(Settings settings, BuildContext context) {
        Settings root = context.root();
        String uri = root.string("tracking.uri");
        MlflowRest rest;
        try {
            rest = new MlflowRest(uri, Credentials.fromEnvironment(System.getenv()), duration(settings, "request-timeout"));
        } catch (IllegalArgumentException e) {
            // Where the key was set quotes its value, which may hold a password: say where only without one.
            String where = uri.contains("@") ? "" : root.where("tracking.uri");
            throw new ConfigError("tracking.uri", "Config key 'tracking.uri'" + where + ": " + e.getMessage() + ".");
        }
        Path outbox;
        try {
            outbox = FileStoreTracker.toPath(settings.string("outbox"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(settings.path("outbox"), "Config key '" + settings.path("outbox") + "'"
                    + root.where(settings.path("outbox")) + ": " + e.getMessage() + ". Use a local folder.");
        }
        return new ServerTracker(rest, outbox, duration(settings, "close-wait"));
    }

    private static Duration duration(Settings settings, String key) {
        try {
            Duration d = settings.root().getDuration(settings.path(key));
            if (d.isNegative() || d.isZero()) {
                throw settings.invalid(key, "a positive duration such as 30s", d.toString());
            }
            return d;
        } catch (com.typesafe.config.ConfigException e) {
            throw settings.invalid(key, "a duration such as 30s", String.valueOf(settings.root().getValue(settings.path(key)).unwrapped()));
        }
    }
}
