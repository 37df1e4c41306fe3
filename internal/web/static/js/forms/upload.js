// Evidence upload with progress: the file's bytes are POSTed raw to
// /api/v1/evidence (content-addressed by SHA-256 on the node) with
// XMLHttpRequest, whose upload events report progress (fetch has none).
import { ApiError, csrfToken } from '../api.js';

// uploadEvidence sends file and resolves to the stored evidence
// ({sha256, media_type, size}); onProgress(fraction 0–1) is called as it
// goes. It rejects with ApiError on an API error.
export function uploadEvidence(file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/api/v1/evidence');
    x.withCredentials = true;
    x.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    x.setRequestHeader('Accept', 'application/json');
    const csrf = csrfToken();
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    x.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(x.responseText); } catch { /* not JSON */ }
      if (x.status >= 200 && x.status < 300) resolve(body);
      else reject(new ApiError(x.status, body));
    });
    x.addEventListener('error', () => reject(new Error('network error')));
    x.send(file);
  });
}
