/** The agencies of the reference data, read once per page, and the picker every form uses. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from './api/client.ts';

export type Agency = Schemas['Agency'];

export function useAgencies(): Agency[] {
  const [agencies, setAgencies] = useState<Agency[]>([]);
  useEffect(() => {
    void api.GET('/v1/reference/agencies').then(({ data }) => data && setAgencies(data.agencies));
  }, []);
  return agencies;
}

export function AgencySelect({
  label,
  value,
  change,
  agencies,
}: {
  label: string;
  value: string;
  change: (code: string) => void;
  agencies: readonly Agency[];
}) {
  return (
    <label>
      {label}
      <select value={value} required onChange={(event) => change(event.currentTarget.value)}>
        <option value="">— Chọn cơ quan —</option>
        {agencies.map((agency) => (
          <option key={agency.agencyCode} value={agency.agencyCode}>
            {agency.name} ({agency.agencyCode})
          </option>
        ))}
      </select>
    </label>
  );
}
