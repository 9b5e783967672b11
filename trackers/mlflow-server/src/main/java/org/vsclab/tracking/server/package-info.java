/**
 * The MLflow tracking-server tracker ({@code tracking.uri = http(s)://...}): offline-first delivery
 * of runs recorded in a local write-ahead FileStore ({@link org.vsclab.tracking.server.ServerTracker},
 * {@link org.vsclab.tracking.server.Deliverer}), the REST calls with the official client's protobuf
 * messages ({@link org.vsclab.tracking.server.MlflowRest}), reading runs back from the server, and
 * the {@code vsc sync} / {@code vsc push} commands.
 */
package org.vsclab.tracking.server;
