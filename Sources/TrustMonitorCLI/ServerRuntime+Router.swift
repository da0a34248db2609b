import Hummingbird
import TrustMonitorConfig
import TrustMonitorEngine
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

extension ServerRuntime {
    /// Every route `serve` answers: the API and ledger, the agents' routes and metrics, all behind `AccessPolicy`
    /// (`makeRouter` puts the authenticator before any route). Tests build their router with this, so the routes
    /// they check are the routes a server serves.
    /// - Parameters:
    ///   - access: sign-in settings other than the configuration's (a test's looser failure limit).
    ///   - monitors: the file's and the API's monitors, for the API's writes of monitors and windows.
    ///   - alertSender: the configured channels, for test alerts.
    static func router(_ configuration: Configuration, store: any Store, engine: MonitorEngine, remote: RemoteProbes,
                       queue: JobQueue, shared: SharedJobQueue?, checkpoints: CheckpointPublisher,
                       reportSigner: NoteSigner, role: ReplicaRole,
                       access: AccessSettings? = nil, monitors: MonitorSet? = nil,
                       alertSender: (any AlertSending)? = nil) -> Router<AppRequestContext> {
        let router = APIRoutes.makeRouter(store: store, checkpoints: checkpoints, reportSigner: reportSigner,
                                          role: { await role.isActive ? "active" : "standby" },
                                          statusPage: StatusPageLayout(
                                              title: configuration.statusPage.title,
                                              groups: configuration.statusPage.groups.map { ($0.name, $0.monitors) }),
                                          access: access ?? AccessSettings(publicURL: configuration.server.publicURL,
                                                                           failureLimit: configuration.server.failedAuthLimit),
                                          dashboard: DashboardSources(engine: engine),
                                          monitors: monitors, alertSender: alertSender)
        AgentRoutes(store: store, engine: engine, remote: remote, checkpoints: checkpoints,
                    isActive: { await role.isActive }, shared: shared).add(to: router)
        MetricsRoute(MetricsExposition(store: store, engine: engine, queue: queue, remote: remote,
                                       sharesQueue: shared != nil, isActive: { await role.isActive })).add(to: router)
        return router
    }
}
