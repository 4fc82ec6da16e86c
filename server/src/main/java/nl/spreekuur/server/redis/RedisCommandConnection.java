package nl.spreekuur.server.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A command connection with UTF-8 keys and values, to one Redis or to a Redis Cluster: the shared-state classes use
 * the commands both have ({@link RedisClusterCommands}), so one code path serves both. On a cluster every command
 * goes to the master of its key's slot; the scripts' keys always share a slot (a hash tag, or one key).
 */
public final class RedisCommandConnection implements AutoCloseable {
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterAsyncCommands<String, String> async;

    private RedisCommandConnection(StatefulConnection<String, String> connection,
                                   RedisClusterCommands<String, String> sync,
                                   RedisClusterAsyncCommands<String, String> async) {
        this.connection = connection;
        this.sync = sync;
        this.async = async;
    }

    static RedisCommandConnection of(StatefulRedisConnection<String, String> connection) {
        return new RedisCommandConnection(connection, connection.sync(), connection.async());
    }

    static RedisCommandConnection of(StatefulRedisClusterConnection<String, String> connection) {
        return new RedisCommandConnection(connection, connection.sync(), connection.async());
    }

    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    @Override
    public void close() {
        connection.close();
    }
}
