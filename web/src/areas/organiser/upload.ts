/**
 * A file sent to the API with its upload progress: fetch cannot report how much of a request body has
 * gone out, XMLHttpRequest can. The answer is JSON, or a problem thrown as ApiProblem.
 */
import { ApiProblem, authHeaders, type Problem } from '../../api/client.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media type the API takes for a spreadsheet file, by its name (browsers often leave CSV's out). */
export function spreadsheetType(file: File): string | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv')) return 'text/csv';
  return undefined;
}

export function uploadWithProgress<T>(url: string, file: File, contentType: string, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', contentType);
    request.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    request.onerror = () => reject(new Error('network'));
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) return resolve(body as T);
      const problem = body && typeof body === 'object' && 'detail' in body ? (body as Problem) : { type: 'about:blank', title: 'Error', status: request.status, detail: `HTTP ${request.status}`, code: 'internal' as const };
      reject(new ApiProblem(request.status, problem));
    };
    request.send(file);
  });
}
