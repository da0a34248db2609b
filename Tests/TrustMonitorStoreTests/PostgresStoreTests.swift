import Testing

/// The conformance suite on PostgreSQL: each check on its own fresh database (`PostgresTestDatabase`).
@Suite struct PostgresStoreTests {
    let conformance = StoreConformance(makeDatabase: { try await PostgresTestDatabase.make() })

    @Test func migrateTwiceIsANoOp() async throws { try await conformance.migrateTwiceIsANoOp() }
    @Test func upsertKeepsIdentityByNameAcrossReopen() async throws {
        try await conformance.upsertKeepsIdentityByNameAcrossReopen()
    }
    @Test func retireAndUnretire() async throws { try await conformance.retireAndUnretire() }
    @Test func setMonitorStateIsKept() async throws { try await conformance.setMonitorStateIsKept() }
    @Test func observationsNewestFirstWithSinceAndLimit() async throws {
        try await conformance.observationsNewestFirstWithSinceAndLimit()
    }
    @Test func rollupsCountPerHourAndDay() async throws { try await conformance.rollupsCountPerHourAndDay() }
    @Test func pruneDeletesOnlyOldObservations() async throws { try await conformance.pruneDeletesOnlyOldObservations() }
    @Test func oneOpenIncidentPerMonitor() async throws { try await conformance.oneOpenIncidentPerMonitor() }
    @Test func resolveSetsMonitorUpAndIsIdempotent() async throws {
        try await conformance.resolveSetsMonitorUpAndIsIdempotent()
    }
    @Test func incidentsFilteredByStateAndMonitor() async throws {
        try await conformance.incidentsFilteredByStateAndMonitor()
    }
    @Test func suppressedEpisodesRoundTrip() async throws { try await conformance.suppressedEpisodesRoundTrip() }
    @Test func failedTransactionLeavesNothing() async throws { try await conformance.failedTransactionLeavesNothing() }
    @Test func dataSurvivesReopening() async throws { try await conformance.dataSurvivesReopening() }
    @Test func datesRoundTripToTheMillisecond() async throws { try await conformance.datesRoundTripToTheMillisecond() }
    @Test func closedStoreRefusesCalls() async throws { try await conformance.closedStoreRefusesCalls() }
    @Test func concurrentWritesAreAllKept() async throws { try await conformance.concurrentWritesAreAllKept() }
    @Test func incidentEventsAreAppendedToTheLedger() async throws {
        try await conformance.incidentEventsAreAppendedToTheLedger()
    }
    @Test func probesRegisterOnceWithTheirKey() async throws { try await conformance.probesRegisterOnceWithTheirKey() }
    @Test func heartbeatsMarkProbesImpaired() async throws { try await conformance.heartbeatsMarkProbesImpaired() }
    @Test func replicaLockIsExclusive() async throws { try await conformance.replicaLockIsExclusive() }
    @Test func probesAddAWitnessKeyOnce() async throws { try await conformance.probesAddAWitnessKeyOnce() }
    @Test func tokensAreFoundByHashUntilRevoked() async throws { try await conformance.tokensAreFoundByHashUntilRevoked() }
    @Test func sessionsEndWithExpiryDeletionAndRevocation() async throws {
        try await conformance.sessionsEndWithExpiryDeletionAndRevocation()
    }
    @Test func initialAdminTokenIsKeptOnce() async throws { try await conformance.initialAdminTokenIsKeptOnce() }
    @Test func revokedProbesLoseTheirToken() async throws { try await conformance.revokedProbesLoseTheirToken() }
    @Test func appendedEntriesTakeTheNextSeqs() async throws { try await conformance.appendedEntriesTakeTheNextSeqs() }
    @Test func failedIncidentWriteAppendsNothing() async throws { try await conformance.failedIncidentWriteAppendsNothing() }
    @Test func jobsEnqueueOncePerMonitorRoleDueAndSlot() async throws {
        try await conformance.jobsEnqueueOncePerMonitorRoleDueAndSlot()
    }
    @Test func jobClaimsFollowRegionNotBeforeAndLimit() async throws {
        try await conformance.jobClaimsFollowRegionNotBeforeAndLimit()
    }
    @Test func jobResultsAreAcceptedOnceFromTheClaimantInTime() async throws {
        try await conformance.jobResultsAreAcceptedOnceFromTheClaimantInTime()
    }
    @Test func jobsRefuseValuesThatWouldNotRoundTrip() async throws {
        try await conformance.jobsRefuseValuesThatWouldNotRoundTrip()
    }
    @Test func overdueJobsGoBackToTheReplicas() async throws { try await conformance.overdueJobsGoBackToTheReplicas() }
    @Test func deletedJobsAreGone() async throws { try await conformance.deletedJobsAreGone() }
    @Test func jobsSurviveReopening() async throws { try await conformance.jobsSurviveReopening() }
    @Test func closedStoreRefusesJobCalls() async throws { try await conformance.closedStoreRefusesJobCalls() }
    @Test func alertsAreWrittenWithTheIncidentEvent() async throws {
        try await conformance.alertsAreWrittenWithTheIncidentEvent()
    }
    @Test func alertKeysAreEnqueuedOnce() async throws { try await conformance.alertKeysAreEnqueuedOnce() }
    @Test func alertListingsFilterNewestFirst() async throws { try await conformance.alertListingsFilterNewestFirst() }
    @Test func acknowledgementsAreKeptOnce() async throws { try await conformance.acknowledgementsAreKeptOnce() }
    @Test func alertClaimsAreExclusiveUntilTheyRunOut() async throws {
        try await conformance.alertClaimsAreExclusiveUntilTheyRunOut()
    }
    @Test func heldAlertsAreNeverClaimed() async throws { try await conformance.heldAlertsAreNeverClaimed() }
    @Test func deliveryAttemptsFollowTheirRecord() async throws { try await conformance.deliveryAttemptsFollowTheirRecord() }
    @Test func rollupsOfEveryMonitorOverASpan() async throws { try await conformance.rollupsOfEveryMonitorOverASpan() }
    @Test func degradationPeriodsOpenOnceAndEndOnce() async throws { try await conformance.degradationPeriodsOpenOnceAndEndOnce() }
    @Test func latestObservationPerMonitor() async throws { try await conformance.latestObservationPerMonitor() }
    @Test func checkpointTimeIsWhenFirstStored() async throws { try await conformance.checkpointTimeIsWhenFirstStored() }
    @Test func addedRollupsJoinRecordedOnes() async throws { try await conformance.addedRollupsJoinRecordedOnes() }
    @Test func apiMonitorsAreCreatedReplacedPausedAndRetired() async throws {
        try await conformance.apiMonitorsAreCreatedReplacedPausedAndRetired()
    }
    @Test func apiMonitorNamesAreUniqueAcrossOwners() async throws { try await conformance.apiMonitorNamesAreUniqueAcrossOwners() }
    @Test func maintenanceWindowsAreKeptUntilDeleted() async throws {
        try await conformance.maintenanceWindowsAreKeptUntilDeleted()
    }
    @Test func incidentCommentsKeepTheirOrder() async throws { try await conformance.incidentCommentsKeepTheirOrder() }
    @Test func dailySummariesAreAppendedOncePerMonitorAndDay() async throws {
        try await conformance.dailySummariesAreAppendedOncePerMonitorAndDay()
    }
}
