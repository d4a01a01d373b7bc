/**
 * The names and buckets of api-health's own Prometheus metrics: shared by the exporter that serves them and the
 * rule export that queries them, so the two cannot drift apart.
 */
export const METRIC = {
  probeDuration: 'apihealth_probe_duration_seconds',
  probes: 'apihealth_probes_total',
  probesDue: 'apihealth_probes_due_total',
  probesSkipped: 'apihealth_probes_skipped_total',
  probesLate: 'apihealth_probes_late_total',
  alarmState: 'apihealth_alarm_state',
  notificationsQueued: 'apihealth_notifications_queued_total',
  notificationAttempts: 'apihealth_notification_attempts_total',
  notificationsDelivered: 'apihealth_notifications_delivered_total',
  notificationsFailed: 'apihealth_notifications_failed_total',
  buildInfo: 'apihealth_build_info',
  stateWriteFailures: 'apihealth_state_write_failures_total',
  certificateNotAfter: 'apihealth_tls_certificate_not_after_seconds',
  proberOffline: 'apihealth_prober_offline',
} as const;

/** Seconds: fine steps where web APIs usually answer (tens to hundreds of ms), coarse up to a timeout. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30] as const;
