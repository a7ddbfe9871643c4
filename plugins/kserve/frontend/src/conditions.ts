export { isKserveAvailable } from '@mlops-portal/plugin-kserve-common';
