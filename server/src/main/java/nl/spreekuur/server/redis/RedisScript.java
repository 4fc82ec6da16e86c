package nl.spreekuur.server.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}); when Redis does not know it (first use, or after a restart,
 * which forgets every script; on a cluster, each master learns it on its own) it is sent whole once ({@code EVAL},
 * which also caches it).
 */
public final class RedisScript {
    private final String source;
    private final String sha;
    private final ScriptOutputType type;

    public RedisScript(String source, ScriptOutputType type) {
        this.source = source;
        this.type = type;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the script and waits for its answer (at most the command timeout).
     *
     * @throws RedisUnavailableException when Redis cannot run it now
     */
    public <T> T run(RedisClusterCommands<String, String> redis, String[] keys, String... args) {
        try {
            try {
                return redis.evalsha(sha, type, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.eval(source, type, keys, args);
            }
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis script", e);
        }
    }

    /** Runs the script without waiting. */
    public <T> CompletionStage<T> runAsync(RedisClusterAsyncCommands<String, String> redis, String[] keys,
                                           String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        redis.<T>evalsha(sha, type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (failure instanceof RedisNoScriptException) {
                redis.<T>eval(source, type, keys, args).whenComplete((again, failed) -> {
                    if (failed == null) {
                        result.complete(again);
                    } else {
                        result.completeExceptionally(failed);
                    }
                });
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }
}
