package dev.drawbridge;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The house rules of issue 8, checked on every build: packages by architectural part without
 * cycles, a core that runs without Quarkus, one composition root, one web layer. A failure names
 * the offending class and the dependency that breaks the rule.
 */
@AnalyzeClasses(packages = "dev.drawbridge", importOptions = DoNotIncludeTests.class)
class ArchitectureTest {
  /**
   * The parts that must run in a plain JVM (multi-peer tests, the relay) and know nothing of the
   * shell.
   */
  private static final String[] CORE = {
    "dev.drawbridge.identity..",
    "dev.drawbridge.share..",
    "dev.drawbridge.mesh..",
    "dev.drawbridge.peerapi..",
    "dev.drawbridge.content..",
    "dev.drawbridge.transfer..",
    "dev.drawbridge.node..",
    "dev.drawbridge.relay..",
    "dev.drawbridge.upload..",
    "dev.drawbridge.offer.."
  };

  private static final String[] SHELL = {
    "io.quarkus..",
    "jakarta.enterprise..",
    "jakarta.inject..",
    "jakarta.ws.rs..",
    "jakarta.persistence..",
    "io.smallrye..",
    "org.hibernate..",
    "dev.drawbridge.web..",
    "dev.drawbridge.app.."
  };

  @ArchTest
  static final ArchRule partsHaveNoCycles =
      slices()
          .matching("dev.drawbridge.(*)..")
          .namingSlices("$1")
          .should()
          .beFreeOfCycles()
          .because(
              "a part that depends on a part depending on it cannot be understood, tested or replaced alone");

  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices()
          .matching("dev.drawbridge.(**)")
          .namingSlices("$1")
          .should()
          .beFreeOfCycles()
          .because(
              "sub-packages (peerapi.manifest, transfer.job, ...) are parts too: dependencies point one way");

  @ArchTest
  static final ArchRule coreKnowsNoFrameworkOrWeb =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SHELL)
          .because(
              "the core is built by node.PeerNode from plain options; Quarkus, CDI, JPA and HTTP endpoints"
                  + " live in app, store and web");

  @ArchTest
  static final ArchRule onlyTheShellUsesTheCompositionRoot =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "dev.drawbridge.web..", "dev.drawbridge.app..", "dev.drawbridge.node..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.drawbridge.node.PeerNode")
          .because(
              "PeerNode is the composition root: parts below web get what they need passed in, never pull"
                  + " it out of a service locator");

  @ArchTest
  static final ArchRule nothingBelowWebLooksUpBeans =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.drawbridge.web..", "dev.drawbridge.app..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.quarkus.arc.Arc")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("jakarta.enterprise.inject.spi.CDI")
          .because("a lookup hides a dependency from the constructor and from these rules");

  @ArchTest
  static final ArchRule contentIsSharedVocabularyOnly =
      noClasses()
          .that()
          .resideInAPackage("dev.drawbridge.content..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.drawbridge..")
                  .and(
                      not(
                          resideInAnyPackage(
                              "dev.drawbridge.content..", "dev.drawbridge.identity.."))))
          .because(
              "peerapi and transfer both speak content; it must not pull either (or anything else) in");

  @ArchTest
  static final ArchRule peerApiDoesNotKnowTransfers =
      noClasses()
          .that()
          .resideInAPackage("dev.drawbridge.peerapi..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.drawbridge.transfer..")
          .because("transfer uses peerapi to fetch; what both need is in content");

  @ArchTest
  static final ArchRule storeImplementsTheCoresInterfaces =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.drawbridge.share..",
              "dev.drawbridge.mesh..",
              "dev.drawbridge.peerapi..",
              "dev.drawbridge.content..",
              "dev.drawbridge.transfer..",
              "dev.drawbridge.upload..",
              "dev.drawbridge.offer..",
              "dev.drawbridge.node..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.drawbridge.store..")
          .because(
              "store implements the store interfaces the core declares; the core never sees SQL");

  @ArchTest
  static final ArchRule onlyWebHasEndpointClasses =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.drawbridge.web..")
          .should()
          .beAnnotatedWith("jakarta.ws.rs.Path")
          .orShould()
          .beAnnotatedWith("io.quarkus.websockets.next.WebSocket")
          .orShould()
          .beAnnotatedWith("jakarta.websocket.server.ServerEndpoint")
          .because("web is the one place with endpoints (pages and JSON API by area)");

  @ArchTest
  static final ArchRule onlyWebHasEndpointMethods =
      noMethods()
          .that()
          .areDeclaredInClassesThat()
          .resideOutsideOfPackage("dev.drawbridge.web..")
          .should()
          .beAnnotatedWith("jakarta.ws.rs.Path")
          .orShould()
          .beAnnotatedWith("jakarta.ws.rs.GET")
          .orShould()
          .beAnnotatedWith("jakarta.ws.rs.POST")
          .orShould()
          .beAnnotatedWith("jakarta.ws.rs.PUT")
          .orShould()
          .beAnnotatedWith("jakarta.ws.rs.DELETE")
          .orShould()
          .beAnnotatedWith("io.quarkus.vertx.web.Route")
          .because("web is the one place with endpoints (pages and JSON API by area)");
}
