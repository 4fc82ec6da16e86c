package nl.spreekuur.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import nl.spreekuur.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreKeyTest {
    @TempDir
    Path root;

    @Test
    void theFirstStartCreatesAPrivateRandomKeyThatLaterStartsRead() throws IOException {
        Path keyFile = root.resolve("keys/store.key");
        String key = StoreKey.loadOrCreate(keyFile, root.resolve("data"));

        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(StoreKey.loadOrCreate(keyFile, root.resolve("data"))).isEqualTo(key);
        assertThat(StoreKey.loadOrCreate(root.resolve("other.key"), root.resolve("data"))).isNotEqualTo(key);
        assertThat(Files.list(keyFile.getParent())).containsExactly(keyFile);
        if (DataDirectory.posix()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void ofSeveralCreatingTheKeyAtOnceOneKeyWinsForAll() throws Exception {
        // nodes of a deployment starting together on a shared key path (the demo cluster, a shared volume)
        Path keyFile = root.resolve("shared/store.key");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<String>> keys = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit(() -> {
                    start.await();
                    return StoreKey.loadOrCreate(keyFile, root.resolve("data"));
                }));
            }
            start.countDown();
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> key : keys) {
                distinct.add(key.get());
            }
            assertThat(distinct).hasSize(1);
            assertThat(StoreKey.loadOrCreate(keyFile, root.resolve("data"))).isEqualTo(distinct.iterator().next());
            assertThat(Files.list(keyFile.getParent())).containsExactly(keyFile);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyFileOthersCanReadIsMadePrivate() throws IOException {
        assumeTrue(DataDirectory.posix());
        Path keyFile = root.resolve("store.key");
        String key = StoreKey.loadOrCreate(keyFile, root.resolve("data"));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(StoreKey.loadOrCreate(keyFile, root.resolve("data"))).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void aKeyInsideTheDataDirectoryOrAFileWithoutAKeyIsRefused() throws IOException {
        Path data = root.resolve("data");
        assertThatThrownBy(() -> StoreKey.loadOrCreate(data.resolve("store.key"), data))
                .isInstanceOf(StoreException.class).hasMessageContaining("outside the data directory");
        Path broken = root.resolve("broken.key");
        Files.writeString(broken, "not a key");
        assertThatThrownBy(() -> StoreKey.loadOrCreate(broken, data))
                .isInstanceOf(StoreException.class).hasMessageContaining("64 hex characters");
    }

    @Test
    void theDefaultKeyFileLiesBesideTheDataDirectory() {
        ServerConfig config = ServerConfig.fromValues(Map.of("data-dir", root.resolve("data").toString()));
        assertThat(config.storeKeyFile()).isEqualTo(root.resolve("data.key").toAbsolutePath().normalize());
        assertThat(ServerConfig.fromValues(Map.of("store.key-file", "/etc/spreekuur/store.key")).storeKeyFile())
                .isEqualTo(Path.of("/etc/spreekuur/store.key"));
    }
}
