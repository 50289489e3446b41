package dev.drawbridge.app;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.store.SqlJobStore;
import dev.drawbridge.transfer.job.FileControl;
import dev.drawbridge.transfer.job.JobStore;
import dev.drawbridge.transfer.job.PeerUploadLink;
import dev.drawbridge.transfer.job.TransferEvents;
import dev.drawbridge.transfer.job.Transfers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * Download and upload jobs as CDI beans: builds the CDI-free {@link Transfers} from the peer's
 * parts and the configuration, starts it once the peer runs, stops it at shutdown, and retries
 * waiting jobs when the owner refreshes the network.
 */
@Singleton
public class TransferBeans {
  /** Also the {@link JobStore} bean (a produced bean has every type of what it returns). */
  @Produces
  @Singleton
  SqlJobStore jobStore(AgroalDataSource dataSource) {
    return new SqlJobStore(dataSource);
  }

  @Produces
  @Singleton
  TransferEvents transferEvents() {
    return new TransferEvents();
  }

  @Produces
  @Singleton
  Transfers transfers(
      Vertx vertx, PeerNode node, TransfersConfig t, JobStore store, TransferEvents events) {
    return new Transfers(
        vertx,
        node.chunkReads(),
        node.client(),
        new PeerUploadLink(vertx, node.uploads()),
        peer -> node.dialer().route(peer).map(Object::toString),
        store,
        new Transfers.Options(t.downloadDir(), t.maxFiles(), t.maxDepth(), t.maxBytesPerSecond()),
        events);
  }

  @Produces
  @Singleton
  FileControl fileControl(Transfers transfers) {
    return new FileControl(transfers);
  }

  /** After the peer node started (its mesh and client are needed to resume jobs). */
  void start(
      @Observes @Priority(Interceptor.Priority.APPLICATION + 500) StartupEvent ev,
      Transfers transfers,
      PeerNode node) {
    transfers.start();
    node.onNetworkRefreshed(transfers::poke);
  }

  void stop(
      @Observes ShutdownEvent ev, Transfers transfers, TransferEvents events, SqlJobStore store) {
    transfers.stop();
    events.close();
    store.close();
  }
}
