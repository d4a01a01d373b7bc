// React and Ink load their development builds unless NODE_ENV says otherwise; those re-check every render.
// The entry points import this module first, before anything loads React.
process.env.NODE_ENV ??= 'production';
