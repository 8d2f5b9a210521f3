import type { Device } from '../../src/domain/device.js';

/** A device with every field set to something plain; override what a test is about. */
export function sampleDevice(overrides: Partial<Device> = {}): Device {
  return {
    serial_number: 'SAMPLE000001',
    org_id: '1000001',
    server_uuid: 'S1',
    joined_seq: 0,
    model: 'iPad',
    description: 'IPAD WI-FI 64GB SILVER',
    color: 'SILVER',
    asset_tag: null,
    os: 'iPadOS',
    device_family: 'iPad',
    device_assigned_date: Date.UTC(2025, 0, 2, 3, 4, 5),
    device_assigned_by: 'admin@example.com',
    profile_uuid: null,
    profile_status: 'empty',
    profile_assign_time: null,
    profile_push_time: null,
    mdm_migration_deadline: null,
    eid: null,
    ethernet_mac_address: null,
    wifi_mac_address: 'A4:83:E7:00:00:01',
    bluetooth_mac_address: 'A4:83:E7:00:00:02',
    imei: [],
    meid: [],
    is_replacement_device: false,
    original_serial_number: null,
    replacement_date: null,
    ...overrides,
  };
}
