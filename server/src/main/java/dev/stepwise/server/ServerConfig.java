package dev.stepwise.server;

import dev.stepwise.engine.WaitScale;
import java.nio.file.Path;

/** How a server is set up: where it listens, where it keeps its data, whose account it pretends to be. */
public record ServerConfig(String host, int port, Path dataDir, String region, String account, WaitScale waitScale,
                           boolean synchronousFull) {}
